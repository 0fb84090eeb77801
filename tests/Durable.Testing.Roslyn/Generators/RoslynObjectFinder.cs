using System.Collections.Concurrent;
using System.Numerics;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Durable.Testing.Roslyn;

/// <summary>
/// Walks an object graph by reflection (all instance fields, array elements; cycle-safe; primitives, strings and
/// other BCL value leaves skipped) and reports every reachable object whose type belongs to Microsoft.CodeAnalysis,
/// except plain-value types. A generator step output that reaches such an object keeps a compilation alive and
/// defeats caching.
/// </summary>
internal static class RoslynObjectFinder
{
    private const int MaxObjects = 200_000;

    private static readonly ConcurrentDictionary<Type, FieldInfo[]> s_fields = new();

    private static readonly HashSet<Type> s_allowed =
    [
        typeof(TextSpan),
        typeof(LinePosition),
        typeof(LinePositionSpan),
        typeof(FileLinePositionSpan),
        typeof(DiagnosticDescriptor),
    ];

    private static readonly HashSet<Type> s_leaves =
    [
        typeof(string), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan), typeof(Guid),
        typeof(Half), typeof(Int128), typeof(UInt128), typeof(BigInteger), typeof(Version), typeof(Uri),
        typeof(DateOnly), typeof(TimeOnly), typeof(StringBuilder),
    ];

    public sealed record Finding(string Path, Type Type, string Kind);

    public static List<Finding> Find(object? root, string rootPath, IReadOnlyCollection<Type> extraAllowed, out bool truncated)
    {
        var findings = new List<Finding>();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(object Value, string Path)>();
        truncated = false;
        if (root is not null)
        {
            stack.Push((root, rootPath));
        }

        while (stack.Count > 0)
        {
            var (value, path) = stack.Pop();
            var type = value.GetType();
            if (IsLeaf(type) || (!type.IsValueType && !visited.Add(value)))
            {
                continue;
            }

            if (visited.Count > MaxObjects)
            {
                truncated = true;
                break;
            }

            if (IsRoslynType(type))
            {
                if (!s_allowed.Contains(type) && !extraAllowed.Contains(type))
                {
                    findings.Add(new Finding(path, type, Classify(value)));
                }

                // Never walk into Roslyn objects: what matters is that the output reaches them at all.
                continue;
            }

            if (value is Delegate del)
            {
                if (del.Target is { } target)
                {
                    stack.Push((target, path + ".Target"));
                }

                continue;
            }

            if (value is Array array)
            {
                if (IsLeaf(type.GetElementType()!))
                {
                    continue;
                }

                var index = 0;
                foreach (var element in array)
                {
                    if (element is not null)
                    {
                        stack.Push((element, $"{path}[{index}]"));
                    }

                    index++;
                }

                continue;
            }

            foreach (var field in FieldsOf(type))
            {
                if (field.FieldType.IsPrimitive || field.FieldType.IsEnum || field.FieldType == typeof(string))
                {
                    continue;
                }

                var child = field.GetValue(value);
                if (child is not null)
                {
                    stack.Push((child, path + "." + DisplayName(field)));
                }
            }
        }

        return findings;
    }

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type.IsPointer || s_leaves.Contains(type)
        || typeof(MemberInfo).IsAssignableFrom(type) || typeof(System.Reflection.Module).IsAssignableFrom(type)
        || typeof(Assembly).IsAssignableFrom(type) || type == typeof(IntPtr) || type == typeof(UIntPtr)
        || typeof(System.Globalization.CultureInfo).IsAssignableFrom(type) || typeof(Encoding).IsAssignableFrom(type);

    private static bool IsRoslynType(Type type)
    {
        // An array's Namespace is its element type's; arrays are walked element by element instead.
        if (type.IsArray)
        {
            return false;
        }

        var ns = type.Namespace;
        return ns is not null && (ns == "Microsoft.CodeAnalysis" || ns.StartsWith("Microsoft.CodeAnalysis.", StringComparison.Ordinal));
    }

    private static string Classify(object value) => value switch
    {
        ISymbol => "a symbol (ISymbol)",
        SyntaxNode => "a syntax node",
        SyntaxTree => "a syntax tree",
        SyntaxToken => "a syntax token",
        SyntaxTrivia => "syntax trivia",
        SyntaxNodeOrToken => "a syntax node or token",
        SyntaxReference => "a syntax reference",
        Compilation => "a Compilation",
        SemanticModel => "a SemanticModel",
        Location => "a Location",
        IOperation => "an operation (IOperation)",
        Diagnostic => "a Diagnostic (it holds a Location)",
        AttributeData => "AttributeData",
        SourceText => "a SourceText",
        _ => "a Microsoft.CodeAnalysis object",
    };

    private static FieldInfo[] FieldsOf(Type type) => s_fields.GetOrAdd(type, static t =>
    {
        var fields = new List<FieldInfo>();
        for (var current = t; current is not null && current != typeof(object) && current != typeof(ValueType); current = current.BaseType)
        {
            fields.AddRange(current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
        }

        return [.. fields];
    });

    private static string DisplayName(FieldInfo field)
    {
        // <Name>k__BackingField -> Name: record and auto-property fields read as the property.
        var name = field.Name;
        if (name.StartsWith('<'))
        {
            var end = name.IndexOf('>', StringComparison.Ordinal);
            if (end > 1)
            {
                return name[1..end];
            }
        }

        return name;
    }
}
