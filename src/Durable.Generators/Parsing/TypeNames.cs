using System.Globalization;
using System.Text;
using Durable.Generators.Emitting;
using Microsoft.CodeAnalysis;

namespace Durable.Generators.Parsing;

/// <summary>
/// How types and constants are written into generated code: fully qualified with <c>global::</c>, either with
/// nullable reference annotations (signatures, where they must match the user's) or without (<c>typeof</c>, metadata).
/// </summary>
internal static class TypeNames
{
    private static readonly SymbolDisplayFormat s_plain = SymbolDisplayFormat.FullyQualifiedFormat;

    private static readonly SymbolDisplayFormat s_annotated = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The type as <c>typeof</c> and generic arguments of metadata take it (no <c>?</c> on reference types).</summary>
    public static string Plain(ITypeSymbol type) => type.ToDisplayString(s_plain);

    /// <summary>The type as a signature writes it, nullable annotations included.</summary>
    public static string Annotated(ITypeSymbol type) => type.ToDisplayString(s_annotated);

    /// <summary>
    /// A <c>cref</c> to <paramref name="method"/> with its parameter types (generic arguments in braces), or null when a
    /// parameter type has no cref spelling (tuples, pointers, function pointers, <c>dynamic</c>).
    /// </summary>
    public static string? MethodReference(IMethodSymbol method)
    {
        var builder = new StringBuilder(Plain(method.ContainingType)).Append('.').Append(method.Name).Append('(');
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var cref = CrefType(method.Parameters[i].Type);
            if (cref is null)
            {
                return null;
            }

            builder.Append(i == 0 ? string.Empty : ", ").Append(cref);
        }

        return builder.Append(')').ToString();
    }

    private static string? CrefType(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return CrefType(array.ElementType) is { } element ? element + "[" + new string(',', array.Rank - 1) + "]" : null;
            case INamedTypeSymbol { IsTupleType: true }:
            case IPointerTypeSymbol:
            case IFunctionPointerTypeSymbol:
            case IDynamicTypeSymbol:
                return null;
            case INamedTypeSymbol { IsGenericType: true } named:
                var arguments = named.TypeArguments.Select(CrefType).ToList();
                if (arguments.Any(a => a is null))
                {
                    return null;
                }

                var definition = Plain(named.ConstructedFrom);
                var open = definition.IndexOf('<');
                return definition.Substring(0, open) + "{" + string.Join(", ", arguments) + "}";
            default:
                return Plain(type);
        }
    }

    /// <summary>
    /// A C# expression for a constant (a parameter's default value) of <paramref name="type"/>, or null when it has no
    /// literal form.
    /// </summary>
    public static string? Constant(object? value, ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
        {
            return value is null ? "default(" + Plain(enumType) + ")" : "(" + Plain(enumType) + ")(" + Number(value) + ")";
        }

        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T && type is INamedTypeSymbol nullable)
        {
            return value is null ? "null" : Constant(value, nullable.TypeArguments[0]);
        }

        return value switch
        {
            // A value type's "= default" arrives as null: keep its value, not a null that would not unbox.
            null => type.IsValueType ? "default(" + Plain(type) + ")" : "null",
            string text => CSharpLiteral.String(text),
            bool flag => flag ? "true" : "false",
            char character => CSharpLiteral.Char(character),
            _ => Number(value),
        };
    }

    private static string? Number(object value) => value switch
    {
        int i => i.ToString(CultureInfo.InvariantCulture),
        uint u => u.ToString(CultureInfo.InvariantCulture) + "u",
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
        short s => "(short)" + s.ToString(CultureInfo.InvariantCulture),
        ushort us => "(ushort)" + us.ToString(CultureInfo.InvariantCulture),
        byte b => "(byte)" + b.ToString(CultureInfo.InvariantCulture),
        sbyte sb => "(sbyte)" + sb.ToString(CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
        double d => Floating(d, "double", "d"),
        float f => Floating(f, "float", "f"),
        _ => null,
    };

    private static string Floating(double value, string keyword, string suffix)
    {
        if (double.IsNaN(value))
        {
            return keyword + ".NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return keyword + ".PositiveInfinity";
        }

        if (double.IsNegativeInfinity(value))
        {
            return keyword + ".NegativeInfinity";
        }

        return (suffix == "f" ? ((float)value).ToString("R", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture)) + suffix;
    }
}
