using System.Globalization;
using System.Text;

namespace Durable.Generators.Emitting;

/// <summary>C# literals for strings and characters taken from user code (names, default values, messages).</summary>
internal static class CSharpLiteral
{
    public static string String(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            builder.Append(Escape(c, '"'));
        }

        return builder.Append('"').ToString();
    }

    public static string Char(char value) => "'" + Escape(value, '\'') + "'";

    private static string Escape(char c, char quote) => c switch
    {
        '\\' => "\\\\",
        '\0' => "\\0",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ when c == quote => "\\" + quote,
        _ when char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u0085' =>
            "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
        _ => c.ToString(),
    };
}
