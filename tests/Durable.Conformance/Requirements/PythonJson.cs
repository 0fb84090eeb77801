using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;

namespace Durable.Conformance.Requirements;

/// <summary>
/// Python's <c>json.dumps</c> and <c>json.loads</c> over <see cref="JsonNode"/>. The runner sends
/// <c>json.dumps(X)</c> bytes as the execution input and as callback results, and the service stores them verbatim,
/// so the text must be byte-identical (<c>{"status": "approved"}</c> with the space, <c>\u00e9</c> escapes,
/// <c>1.0</c> for floats). Decoding mirrors <c>json.loads</c>: ints and floats stay apart, <c>NaN</c> and
/// <c>Infinity</c> are accepted, duplicate keys keep the last value.
/// </summary>
public static class PythonJson
{
    private const int MaxDepth = 1000;

    /// <summary>
    /// <c>json.dumps(value)</c> with default arguments: separators <c>", "</c> and <c>": "</c>, non-ASCII escaped as
    /// <c>\uXXXX</c> (UTF-16 units, so astral characters become surrogate pairs), <c>NaN</c>/<c>Infinity</c> for
    /// non-finite floats. <paramref name="ensureAscii"/> false mirrors <c>ensure_ascii=False</c>.
    /// </summary>
    public static string Dumps(JsonNode? value, bool ensureAscii = true)
    {
        var builder = new StringBuilder();
        Write(builder, value, ensureAscii, 0);
        return builder.ToString();
    }

    /// <summary>The UTF-8 bytes of <see cref="Dumps"/>, as <c>json.dumps(value).encode()</c> sends them.</summary>
    public static byte[] DumpsUtf8(JsonNode? value) => Encoding.UTF8.GetBytes(Dumps(value));

    /// <summary><c>json.loads(text)</c>; throws <see cref="FormatException"/> where Python raises <c>JSONDecodeError</c>.</summary>
    public static JsonNode? Loads(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        return parser.ParseDocument();
    }

    /// <summary><c>json.loads(text)</c> that reports failure instead of throwing.</summary>
    public static bool TryLoads(string text, out JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            value = Loads(text);
            return true;
        }
        catch (FormatException)
        {
            value = null;
            return false;
        }
    }

    /// <summary>
    /// The runner's result decoding: one <c>json.loads</c>, keeping the raw string when it is not JSON;
    /// <see langword="null"/> text (no result) decodes to <see langword="null"/>.
    /// </summary>
    public static JsonNode? LoadsOrRaw(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return TryLoads(text, out JsonNode? value) ? value : JsonValue.Create(text);
    }

    /// <summary>A JSON object key as <c>json.dumps</c> writes a non-string dict key (<c>True</c> → <c>"true"</c>, <c>1.5</c> → <c>"1.5"</c>).</summary>
    internal static string KeyText(JsonNode? key)
    {
        PyValue py = PyValue.Of(key);
        return py.Kind switch
        {
            PyKind.Str => py.Str!,
            PyKind.None => "null",
            PyKind.Bool => py.Bool ? "true" : "false",
            PyKind.Int => py.Int.ToString(CultureInfo.InvariantCulture),
            PyKind.Float => FloatText(py.Float),
            _ => throw new FormatException($"keys must be str, int, float, bool or None, not {py.Kind.ToString().ToLowerInvariant()}"),
        };
    }

    private static string FloatText(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "Infinity"
        : double.IsNegativeInfinity(value) ? "-Infinity"
        : PythonFormat.FloatRepr(value);

    private static void Write(StringBuilder builder, JsonNode? node, bool ensureAscii, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException("Value is nested too deeply to serialise.");
        }

        PyValue value = PyValue.Of(node);
        switch (value.Kind)
        {
            case PyKind.None:
                builder.Append("null");
                break;
            case PyKind.Bool:
                builder.Append(value.Bool ? "true" : "false");
                break;
            case PyKind.Int:
                builder.Append(value.Int.ToString(CultureInfo.InvariantCulture));
                break;
            case PyKind.Float:
                builder.Append(FloatText(value.Float));
                break;
            case PyKind.Str:
                WriteString(builder, value.Str!, ensureAscii);
                break;
            case PyKind.Dict:
                builder.Append('{');
                bool first = true;
                foreach (KeyValuePair<string, JsonNode?> pair in (JsonObject)value.Node!)
                {
                    builder.Append(first ? string.Empty : ", ");
                    WriteString(builder, pair.Key, ensureAscii);
                    builder.Append(": ");
                    Write(builder, pair.Value, ensureAscii, depth + 1);
                    first = false;
                }

                builder.Append('}');
                break;
            case PyKind.List:
                builder.Append('[');
                JsonArray array = (JsonArray)value.Node!;
                for (int i = 0; i < array.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ", ");
                    Write(builder, array[i], ensureAscii, depth + 1);
                }

                builder.Append(']');
                break;
        }
    }

    private static void WriteString(StringBuilder builder, string text, bool ensureAscii)
    {
        builder.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
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
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                default:
                    // ensure_ascii escapes everything outside ' '..'~' (DEL included); without it only controls.
                    bool escape = c < 0x20 || (ensureAscii && c > 0x7e);
                    if (escape)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    /// <summary>A recursive-descent copy of CPython's json scanner (strict mode): same accepted texts, same value types.</summary>
    private sealed class Parser(string text)
    {
        private int _pos;

        public JsonNode? ParseDocument()
        {
            SkipWhitespace();
            JsonNode? value = ParseValue(0);
            SkipWhitespace();
            if (_pos != text.Length)
            {
                throw Error("Extra data");
            }

            return value;
        }

        private JsonNode? ParseValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error("Nesting too deep");
            }

            if (_pos >= text.Length)
            {
                throw Error("Expecting value");
            }

            char c = text[_pos];
            switch (c)
            {
                case '{':
                    return ParseObject(depth);
                case '[':
                    return ParseArray(depth);
                case '"':
                    return JsonValue.Create(ParseString());
                case 'n' when Matches("null"):
                    _pos += 4;
                    return null;
                case 't' when Matches("true"):
                    _pos += 4;
                    return JsonValue.Create(true);
                case 'f' when Matches("false"):
                    _pos += 5;
                    return JsonValue.Create(false);
                case 'N' when Matches("NaN"):
                    _pos += 3;
                    return JsonValue.Create(double.NaN);
                case 'I' when Matches("Infinity"):
                    _pos += 8;
                    return JsonValue.Create(double.PositiveInfinity);
                case '-' when Matches("-Infinity"):
                    _pos += 9;
                    return JsonValue.Create(double.NegativeInfinity);
                default:
                    if (c == '-' || IsDigit(c))
                    {
                        return ParseNumber();
                    }

                    throw Error("Expecting value");
            }
        }

        private JsonObject ParseObject(int depth)
        {
            _pos++;
            var result = new JsonObject();
            SkipWhitespace();
            if (Peek() == '}')
            {
                _pos++;
                return result;
            }

            while (true)
            {
                if (Peek() != '"')
                {
                    throw Error("Expecting property name enclosed in double quotes");
                }

                string key = ParseString();
                SkipWhitespace();
                if (Peek() != ':')
                {
                    throw Error("Expecting ':' delimiter");
                }

                _pos++;
                SkipWhitespace();
                JsonNode? value = ParseValue(depth + 1);

                // A repeated key keeps its first position and takes the last value, as a Python dict does.
                result[key] = value;
                SkipWhitespace();
                char next = Peek();
                _pos++;
                if (next == '}')
                {
                    return result;
                }

                if (next != ',')
                {
                    _pos--;
                    throw Error("Expecting ',' delimiter");
                }

                SkipWhitespace();
            }
        }

        private JsonArray ParseArray(int depth)
        {
            _pos++;
            var result = new JsonArray();
            SkipWhitespace();
            if (Peek() == ']')
            {
                _pos++;
                return result;
            }

            while (true)
            {
                result.Add(ParseValue(depth + 1));
                SkipWhitespace();
                char next = Peek();
                _pos++;
                if (next == ']')
                {
                    return result;
                }

                if (next != ',')
                {
                    _pos--;
                    throw Error("Expecting ',' delimiter");
                }

                SkipWhitespace();
            }
        }

        private string ParseString()
        {
            int start = _pos;
            _pos++;
            var builder = new StringBuilder();
            while (true)
            {
                if (_pos >= text.Length)
                {
                    _pos = start;
                    throw Error("Unterminated string starting at");
                }

                char c = text[_pos++];
                if (c == '"')
                {
                    return builder.ToString();
                }

                if (c < 0x20)
                {
                    _pos--;
                    throw Error("Invalid control character at");
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }

                if (_pos >= text.Length)
                {
                    _pos = start;
                    throw Error("Unterminated string starting at");
                }

                char escape = text[_pos++];
                switch (escape)
                {
                    case '"':
                    case '\\':
                    case '/':
                        builder.Append(escape);
                        break;
                    case 'b':
                        builder.Append('\b');
                        break;
                    case 'f':
                        builder.Append('\f');
                        break;
                    case 'n':
                        builder.Append('\n');
                        break;
                    case 'r':
                        builder.Append('\r');
                        break;
                    case 't':
                        builder.Append('\t');
                        break;
                    case 'u':
                        // Surrogate escapes are kept unit by unit: a valid pair becomes the astral character and a
                        // lone surrogate survives, which is what Python's str holds too.
                        if (_pos + 4 > text.Length || !int.TryParse(text.AsSpan(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                        {
                            _pos--;
                            throw Error("Invalid \\uXXXX escape");
                        }

                        builder.Append((char)code);
                        _pos += 4;
                        break;
                    default:
                        _pos -= 2;
                        throw Error("Invalid \\escape");
                }
            }
        }

        private JsonNode ParseNumber()
        {
            int start = _pos;
            if (text[_pos] == '-')
            {
                _pos++;
            }

            if (_pos >= text.Length || !IsDigit(text[_pos]))
            {
                _pos = start;
                throw Error("Expecting value");
            }

            if (text[_pos] == '0')
            {
                _pos++;
            }
            else
            {
                SkipDigits();
            }

            bool isFloat = false;
            if (_pos + 1 < text.Length && text[_pos] == '.' && IsDigit(text[_pos + 1]))
            {
                isFloat = true;
                _pos++;
                SkipDigits();
            }

            if (_pos < text.Length && (text[_pos] == 'e' || text[_pos] == 'E'))
            {
                int exponentStart = _pos;
                _pos++;
                if (_pos < text.Length && (text[_pos] == '+' || text[_pos] == '-'))
                {
                    _pos++;
                }

                if (_pos < text.Length && IsDigit(text[_pos]))
                {
                    isFloat = true;
                    SkipDigits();
                }
                else
                {
                    // Not an exponent after all; CPython stops the number before the 'e' (then "Extra data").
                    _pos = exponentStart;
                }
            }

            string raw = text[start.._pos];
            if (isFloat)
            {
                return JsonValue.Create(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture));
            }

            return Integer(raw);
        }

        private void SkipDigits()
        {
            while (_pos < text.Length && IsDigit(text[_pos]))
            {
                _pos++;
            }
        }

        private void SkipWhitespace()
        {
            while (_pos < text.Length && text[_pos] is ' ' or '\t' or '\n' or '\r')
            {
                _pos++;
            }
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private bool Matches(string literal) => string.CompareOrdinal(text, _pos, literal, 0, literal.Length) == 0;

        private FormatException Error(string message)
        {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < _pos && i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            return new FormatException($"{message}: line {line} column {_pos - lineStart + 1} (char {_pos})");
        }

        private static bool IsDigit(char c) => c is >= '0' and <= '9';
    }

    /// <summary>An integer node: a plain <see cref="long"/> when it fits, otherwise an exact big-number element.</summary>
    internal static JsonNode Integer(string digits)
    {
        if (long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long small))
        {
            return JsonValue.Create(small);
        }

        // Python ints are unbounded; a JsonElement keeps every digit (and serialises as the plain number).
        BigInteger big = BigInteger.Parse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return JsonNode.Parse(big.ToString(CultureInfo.InvariantCulture))!;
    }
}
