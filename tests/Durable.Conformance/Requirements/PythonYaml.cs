using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Durable.Conformance.Requirements;

/// <summary>
/// Reads YAML into <see cref="JsonNode"/> values the way the reference runner's <c>yaml.safe_load</c> (PyYAML,
/// YAML 1.1 rules) sees them: plain scalars resolve to bool (<c>yes/no/on/off/true/false</c>), null (<c>~</c>,
/// <c>null</c>, empty), int (decimal, <c>0x</c>, <c>0b</c>, leading-zero octal, <c>1:30</c> base 60, underscores)
/// and float (a dot is required, <c>1e5</c> stays a string); quoted and block scalars stay strings. Mapping key
/// order is kept, a repeated key keeps its first position and last value, and <c>&lt;&lt;</c> merge keys work.
/// </summary>
/// <remarks>
/// Deliberate differences from PyYAML: timestamps (<c>2024-01-01</c>) stay strings where PyYAML builds
/// <c>datetime</c> objects that <c>json.dumps</c> could not send anyway; recursive aliases are rejected; non-string
/// keys become JSON key text as <c>json.dumps</c> would write them (<c>1</c> → <c>"1"</c>, <c>true</c> → <c>"true"</c>).
/// </remarks>
public static class PythonYaml
{
    private const string TagPrefix = "tag:yaml.org,2002:";
    private const int MaxDepth = 512;

    private static readonly Regex BoolPattern = new(
        "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
        RegexOptions.CultureInvariant);

    private static readonly Regex FloatPattern = new(
        @"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        RegexOptions.CultureInvariant);

    private static readonly Regex IntPattern = new(
        @"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
        RegexOptions.CultureInvariant);

    private static readonly Regex NullPattern = new("^(?:~|null|Null|NULL|)$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Parses a single-document YAML text (an empty stream gives <see langword="null"/>, like <c>safe_load</c>).
    /// Throws <see cref="FormatException"/> with line and column for anything PyYAML would reject.
    /// </summary>
    public static JsonNode? Load(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            JsonNode? root = new Composer(parser).ReadNode(0);
            parser.Consume<DocumentEnd>();
            if (!parser.TryConsume<StreamEnd>(out _))
            {
                throw At(parser.Current!.Start, "expected a single document in the stream, but found another document");
            }

            return root;
        }
        catch (YamlException e)
        {
            throw new FormatException($"invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }
    }

    /// <summary>Resolves one plain (unquoted, untagged) scalar the way PyYAML's implicit resolvers do.</summary>
    public static JsonNode? ResolvePlainScalar(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (BoolPattern.IsMatch(value))
        {
            return JsonValue.Create(ConstructBool(value));
        }

        if (FloatPattern.IsMatch(value))
        {
            return JsonValue.Create(ConstructFloat(value));
        }

        if (IntPattern.IsMatch(value))
        {
            return ConstructInt(value);
        }

        if (NullPattern.IsMatch(value))
        {
            return null;
        }

        if (value == "=")
        {
            throw new FormatException("could not determine a constructor for the tag 'tag:yaml.org,2002:value'");
        }

        return JsonValue.Create(value);
    }

    private static bool ConstructBool(string value) => value.ToLowerInvariant() switch
    {
        "yes" or "true" or "on" => true,
        "no" or "false" or "off" => false,
        _ => throw new FormatException($"invalid boolean '{value}'"),
    };

    private static JsonNode ConstructInt(string text)
    {
        string value = text.Replace("_", string.Empty, StringComparison.Ordinal);
        int sign = 1;
        if (value.Length > 0 && value[0] == '-')
        {
            sign = -1;
        }

        if (value.Length > 0 && value[0] is '+' or '-')
        {
            value = value[1..];
        }

        BigInteger result;
        if (value.Length == 0)
        {
            throw new FormatException($"invalid integer '{text}'");
        }
        else if (value == "0")
        {
            result = BigInteger.Zero;
        }
        else if (value.StartsWith("0b", StringComparison.Ordinal))
        {
            result = ParseRadix(value[2..], 2, text);
        }
        else if (value.StartsWith("0x", StringComparison.Ordinal))
        {
            result = ParseRadix(value[2..], 16, text);
        }
        else if (value[0] == '0')
        {
            result = ParseRadix(value, 8, text);
        }
        else if (value.Contains(':', StringComparison.Ordinal))
        {
            result = BigInteger.Zero;
            foreach (string part in value.Split(':'))
            {
                result = (result * 60) + ParseRadix(part, 10, text);
            }
        }
        else
        {
            result = ParseRadix(value, 10, text);
        }

        return PythonJson.Integer((sign * result).ToString(CultureInfo.InvariantCulture));
    }

    private static BigInteger ParseRadix(string digits, int radix, string original)
    {
        if (digits.Length == 0)
        {
            throw new FormatException($"invalid integer '{original}'");
        }

        BigInteger result = BigInteger.Zero;
        foreach (char c in digits)
        {
            int digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => int.MaxValue,
            };
            if (digit >= radix)
            {
                throw new FormatException($"invalid integer '{original}'");
            }

            result = (result * radix) + digit;
        }

        return result;
    }

    private static double ConstructFloat(string text)
    {
        string value = text.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        double sign = 1;
        if (value.Length > 0 && value[0] == '-')
        {
            sign = -1;
        }

        if (value.Length > 0 && value[0] is '+' or '-')
        {
            value = value[1..];
        }

        if (value == ".inf")
        {
            return sign * double.PositiveInfinity;
        }

        if (value == ".nan")
        {
            return double.NaN;
        }

        if (value.Contains(':', StringComparison.Ordinal))
        {
            double total = 0;
            foreach (string part in value.Split(':'))
            {
                total = (total * 60) + ParseFloat(part, text);
            }

            return sign * total;
        }

        return sign * ParseFloat(value, text);
    }

    private static double ParseFloat(string value, string original) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out double result)
            ? result
            : throw new FormatException($"invalid float '{original}'");

    private static FormatException At(Mark mark, string message) =>
        new($"line {mark.Line}, column {mark.Column}: {message}");

    /// <summary>Builds values from the parser's event stream; anchors hold finished values, so aliases are copies.</summary>
    private sealed class Composer(IParser parser)
    {
        private readonly Dictionary<string, JsonNode?> _anchors = new(StringComparer.Ordinal);

        public JsonNode? ReadNode(int depth)
        {
            if (depth > MaxDepth)
            {
                throw At(parser.Current!.Start, "document is nested too deeply");
            }

            ParsingEvent current = parser.Current ?? throw new FormatException("unexpected end of YAML stream");
            switch (current)
            {
                case AnchorAlias alias:
                    parser.MoveNext();
                    if (!_anchors.TryGetValue(alias.Value.Value, out JsonNode? target))
                    {
                        // Also the case for an alias inside its own anchored node: JSON cannot hold a cycle.
                        throw At(alias.Start, $"found undefined or recursive alias '*{alias.Value.Value}'");
                    }

                    return target?.DeepClone();
                case Scalar scalar:
                    parser.MoveNext();
                    return Remember(scalar, ConstructScalar(scalar));
                case SequenceStart sequence:
                    parser.MoveNext();
                    CheckCollectionTag(sequence, "seq");
                    var array = new JsonArray();
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        array.Add(ReadNode(depth + 1));
                    }

                    return Remember(sequence, array);
                case MappingStart mapping:
                    parser.MoveNext();
                    CheckCollectionTag(mapping, "map");
                    return Remember(mapping, ReadMapping(depth));
                default:
                    throw At(current.Start, $"unexpected YAML event {current.GetType().Name}");
            }
        }

        private JsonObject ReadMapping(int depth)
        {
            var merged = new List<KeyValuePair<string, JsonNode?>>();
            var own = new List<KeyValuePair<string, JsonNode?>>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                ParsingEvent keyEvent = parser.Current!;
                if (keyEvent is Scalar { Value: "<<", Style: ScalarStyle.Plain } mergeKey && mergeKey.Tag.IsEmpty)
                {
                    parser.MoveNext();
                    merged.AddRange(MergeSources(keyEvent.Start, ReadNode(depth + 1)));
                    continue;
                }

                JsonNode? key = ReadNode(depth + 1);
                if (key is JsonObject or JsonArray)
                {
                    throw At(keyEvent.Start, "found unhashable key (a mapping or sequence used as a mapping key)");
                }

                string keyText;
                try
                {
                    keyText = PythonJson.KeyText(key);
                }
                catch (FormatException e)
                {
                    throw At(keyEvent.Start, e.Message);
                }

                own.Add(new KeyValuePair<string, JsonNode?>(keyText, ReadNode(depth + 1)));
            }

            // PyYAML's flatten_mapping: merged entries first, the mapping's own after them, later ones overriding.
            var result = new JsonObject();
            foreach (KeyValuePair<string, JsonNode?> pair in merged.Concat(own))
            {
                result[pair.Key] = pair.Value;
            }

            return result;
        }

        private static IEnumerable<KeyValuePair<string, JsonNode?>> MergeSources(Mark at, JsonNode? value)
        {
            if (value is JsonObject single)
            {
                return Entries(single);
            }

            if (value is JsonArray list && list.All(item => item is JsonObject))
            {
                // The first mapping listed wins, so it goes last (PyYAML reverses the list).
                return list.Reverse().SelectMany(item => Entries((JsonObject)item!)).ToList();
            }

            throw At(at, "a merge key '<<' needs a mapping or a list of mappings");
        }

        private static List<KeyValuePair<string, JsonNode?>> Entries(JsonObject source) =>
            source.Select(pair => new KeyValuePair<string, JsonNode?>(pair.Key, pair.Value?.DeepClone())).ToList();

        private JsonNode? Remember(NodeEvent node, JsonNode? value)
        {
            if (!node.Anchor.IsEmpty)
            {
                _anchors[node.Anchor.Value] = value?.DeepClone();
            }

            return value;
        }

        private static void CheckCollectionTag(NodeEvent node, string kind)
        {
            if (node.Tag.IsEmpty || node.Tag.IsNonSpecific || node.Tag.Value == TagPrefix + kind)
            {
                return;
            }

            throw At(node.Start, $"could not determine a constructor for the tag '{node.Tag.Value}'");
        }

        private static JsonNode? ConstructScalar(Scalar scalar)
        {
            try
            {
                if (scalar.Tag.IsEmpty)
                {
                    return scalar.Style == ScalarStyle.Plain ? ResolvePlainScalar(scalar.Value) : JsonValue.Create(scalar.Value);
                }

                if (scalar.Tag.IsNonSpecific)
                {
                    return JsonValue.Create(scalar.Value);
                }

                return scalar.Tag.Value switch
                {
                    TagPrefix + "str" => JsonValue.Create(scalar.Value),
                    TagPrefix + "int" => ConstructInt(scalar.Value),
                    TagPrefix + "float" => JsonValue.Create(ConstructFloat(scalar.Value)),
                    TagPrefix + "bool" => JsonValue.Create(ConstructBool(scalar.Value)),
                    TagPrefix + "null" => null,
                    _ => throw new FormatException($"could not determine a constructor for the tag '{scalar.Tag.Value}'"),
                };
            }
            catch (FormatException e)
            {
                throw At(scalar.Start, e.Message);
            }
        }
    }
}
