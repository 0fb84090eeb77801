using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Durable.Conformance.Requirements;

/// <summary>
/// Python's <c>str()</c> and <c>repr()</c> of decoded JSON values. The reference runner stringifies actual values
/// with <c>str()</c> before a regex search and when binding non-string variables, so <c>True</c>, <c>None</c> and
/// <c>2.0</c> must come out exactly as Python prints them.
/// </summary>
public static class PythonFormat
{
    /// <summary>Python <c>str(value)</c>: strings raw, <c>True</c>/<c>False</c>/<c>None</c>, ints without <c>.0</c>, floats as <c>repr</c>.</summary>
    public static string Str(JsonNode? value)
    {
        PyValue py = PyValue.Of(value);
        return py.Kind == PyKind.Str ? py.Str! : Repr(py);
    }

    /// <summary>Python <c>repr(value)</c>: like <see cref="Str"/> but strings quoted, as inside a printed dict or list.</summary>
    public static string Repr(JsonNode? value) => Repr(PyValue.Of(value));

    /// <summary>
    /// Python's <c>repr(float)</c> (also its <c>str(float)</c>): the shortest round-trip digits, positional between
    /// 1e-4 and 1e16 with at least one fractional digit, otherwise scientific with a signed two-digit exponent
    /// (<c>1e-05</c>, <c>1.5e+16</c>); <c>inf</c>, <c>-inf</c>, <c>nan</c>.
    /// </summary>
    public static string FloatRepr(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // .NET's "R" gives the same shortest round-trip digits as Python's repr; only the layout differs.
        string shortest = value.ToString("R", CultureInfo.InvariantCulture);
        bool negative = shortest[0] == '-';
        string body = negative ? shortest[1..] : shortest;
        int exponent = 0;
        int e = body.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(body.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }

        int dot = body.IndexOf('.', StringComparison.Ordinal);
        int integerDigits = dot >= 0 ? dot : body.Length;
        string digits = body.Replace(".", string.Empty, StringComparison.Ordinal);
        int leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = digits[leadingZeros..].TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        // decimalPoint: value = 0.<digits> * 10^decimalPoint, the quantity CPython's float_repr works with.
        int decimalPoint = integerDigits - leadingZeros + exponent;
        var builder = new StringBuilder(negative ? "-" : string.Empty);
        if (decimalPoint <= -4 || decimalPoint > 16)
        {
            builder.Append(digits[0]);
            if (digits.Length > 1)
            {
                builder.Append('.').Append(digits, 1, digits.Length - 1);
            }

            int shown = decimalPoint - 1;
            builder.Append('e').Append(shown < 0 ? '-' : '+').Append(Math.Abs(shown).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (decimalPoint <= 0)
        {
            builder.Append("0.").Append('0', -decimalPoint).Append(digits);
        }
        else if (decimalPoint >= digits.Length)
        {
            builder.Append(digits).Append('0', decimalPoint - digits.Length).Append(".0");
        }
        else
        {
            builder.Append(digits, 0, decimalPoint).Append('.').Append(digits, decimalPoint, digits.Length - decimalPoint);
        }

        return builder.ToString();
    }

    /// <summary>Python <c>repr(str)</c>: single quotes unless the text holds a single quote and no double quote.</summary>
    public static string StringRepr(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        char quote = text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var builder = new StringBuilder(text.Length + 2).Append(quote);
        foreach (char c in text)
        {
            switch (c)
            {
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (c == quote)
                    {
                        builder.Append('\\').Append(c);
                    }
                    else if (c < 0x20 || c == 0x7f)
                    {
                        builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        // Approximation: Python also escapes non-printable non-ASCII characters; these strings
                        // only reach error messages and regex searches over dicts, so printable is assumed.
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append(quote).ToString();
    }

    internal static string Repr(PyValue value)
    {
        switch (value.Kind)
        {
            case PyKind.None:
                return "None";
            case PyKind.Bool:
                return value.Bool ? "True" : "False";
            case PyKind.Int:
                return value.Int.ToString(CultureInfo.InvariantCulture);
            case PyKind.Float:
                return FloatRepr(value.Float);
            case PyKind.Str:
                return StringRepr(value.Str!);
            case PyKind.Dict:
                var dict = new StringBuilder("{");
                bool first = true;
                foreach (KeyValuePair<string, JsonNode?> pair in (JsonObject)value.Node!)
                {
                    dict.Append(first ? string.Empty : ", ").Append(StringRepr(pair.Key)).Append(": ").Append(Repr(pair.Value));
                    first = false;
                }

                return dict.Append('}').ToString();
            case PyKind.List:
                var list = new StringBuilder("[");
                JsonArray array = (JsonArray)value.Node!;
                for (int i = 0; i < array.Count; i++)
                {
                    list.Append(i == 0 ? string.Empty : ", ").Append(Repr(array[i]));
                }

                return list.Append(']').ToString();
            default:
                throw new NotSupportedException(value.Kind.ToString());
        }
    }
}
