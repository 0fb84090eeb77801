using System.Text;

namespace Durable.Testing.Roslyn;

/// <summary>
/// Small text helpers for writing test sources. They only wrap text, never rewrite it, so markup inside the
/// wrapped text keeps working.
/// </summary>
public static class CSharpSource
{
    /// <summary>The global usings the .NET SDK adds to a console or library project with <c>ImplicitUsings</c> enabled.</summary>
    public const string ImplicitUsings =
        "global using global::System;\n" +
        "global using global::System.Collections.Generic;\n" +
        "global using global::System.IO;\n" +
        "global using global::System.Linq;\n" +
        "global using global::System.Net.Http;\n" +
        "global using global::System.Threading;\n" +
        "global using global::System.Threading.Tasks;\n";

    /// <summary>Replaces CRLF and lone CR with LF, so sources and comparisons do not depend on the checkout.</summary>
    public static string NormalizeLineEndings(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }

    /// <summary>Prefixes <paramref name="body"/> with <c>using</c> directives for <paramref name="namespaces"/>.</summary>
    public static string WithUsings(string body, params string[] namespaces)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(namespaces);
        var text = new StringBuilder();
        foreach (var ns in namespaces)
        {
            text.Append("using ").Append(ns).Append(";\n");
        }

        return text.Length == 0 ? body : text.Append('\n').Append(body).ToString();
    }

    /// <summary>Puts <paramref name="body"/> in a file-scoped namespace.</summary>
    public static string InNamespace(string body, string ns)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrWhiteSpace(ns);
        return $"namespace {ns};\n\n{body}";
    }

    /// <summary>Wraps member declarations in a class: <c>{modifiers} class {className} { members }</c>.</summary>
    public static string InClass(string members, string className = "C", string modifiers = "public partial")
    {
        ArgumentNullException.ThrowIfNull(members);
        return $"{modifiers} class {className}\n{{\n{members}\n}}\n";
    }

    /// <summary>
    /// Wraps statements in a method of a class:
    /// <c>public partial class C { {signature} { statements } }</c>, for example with signature <c>public async Task M()</c>.
    /// </summary>
    public static string InMethod(string statements, string signature = "public void M()", string className = "C")
    {
        ArgumentNullException.ThrowIfNull(statements);
        return InClass($"    {signature}\n    {{\n{statements}\n    }}", className);
    }
}
