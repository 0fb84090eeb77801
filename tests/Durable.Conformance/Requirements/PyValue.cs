using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Durable.Conformance.Requirements;

/// <summary>The Python type a decoded JSON/YAML value has on the Python side (json.loads / yaml.safe_load).</summary>
internal enum PyKind
{
    None,
    Bool,
    Int,
    Float,
    Str,
    Dict,
    List,
}

/// <summary>
/// A <see cref="JsonNode"/> seen as the Python value the reference runner would hold. Integers and floats stay
/// distinct (Python keeps <c>1</c> and <c>1.0</c> apart for printing although they compare equal); integers are
/// unbounded like Python's.
/// </summary>
internal readonly struct PyValue
{
    private PyValue(PyKind kind, JsonNode? node, bool boolean = false, BigInteger integer = default, double number = 0, string? text = null)
    {
        Kind = kind;
        Node = node;
        Bool = boolean;
        Int = integer;
        Float = number;
        Str = text;
    }

    public PyKind Kind { get; }

    /// <summary>The node itself: a <see cref="JsonObject"/> for dicts, a <see cref="JsonArray"/> for lists.</summary>
    public JsonNode? Node { get; }

    public bool Bool { get; }

    public BigInteger Int { get; }

    public double Float { get; }

    public string? Str { get; }

    public bool IsNumber => Kind is PyKind.Bool or PyKind.Int or PyKind.Float;

    /// <summary>Python truthiness (<c>bool(value)</c>): empty strings and containers, zero and None are false.</summary>
    public bool IsTruthy => Kind switch
    {
        PyKind.None => false,
        PyKind.Bool => Bool,
        PyKind.Int => !Int.IsZero,
        PyKind.Float => Float != 0,
        PyKind.Str => Str!.Length > 0,
        PyKind.Dict => ((JsonObject)Node!).Count > 0,
        PyKind.List => ((JsonArray)Node!).Count > 0,
        _ => false,
    };

    /// <summary>The text of a string node; <see langword="null"/> for anything else (absent, null, numbers, …).</summary>
    public static string? StringOrNull(JsonNode? node)
    {
        PyValue value = Of(node);
        return value.Kind == PyKind.Str ? value.Str : null;
    }

    public static PyValue Of(JsonNode? node) => node switch
    {
        null => new PyValue(PyKind.None, null),
        JsonObject => new PyValue(PyKind.Dict, node),
        JsonArray => new PyValue(PyKind.List, node),
        JsonValue value => OfValue(value),
        _ => throw new NotSupportedException($"Unsupported JSON node type {node.GetType().Name}."),
    };

    private static PyValue OfValue(JsonValue value)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            return OfElement(value, element);
        }

        if (value.TryGetValue(out string? s))
        {
            return new PyValue(PyKind.Str, value, text: s);
        }

        if (value.TryGetValue(out char c))
        {
            return new PyValue(PyKind.Str, value, text: c.ToString());
        }

        if (value.TryGetValue(out bool b))
        {
            return new PyValue(PyKind.Bool, value, boolean: b);
        }

        if (value.TryGetValue(out long l))
        {
            return new PyValue(PyKind.Int, value, integer: l);
        }

        if (value.TryGetValue(out int i))
        {
            return new PyValue(PyKind.Int, value, integer: i);
        }

        if (value.TryGetValue(out ulong ul))
        {
            return new PyValue(PyKind.Int, value, integer: ul);
        }

        if (value.TryGetValue(out uint ui))
        {
            return new PyValue(PyKind.Int, value, integer: ui);
        }

        if (value.TryGetValue(out short sh))
        {
            return new PyValue(PyKind.Int, value, integer: sh);
        }

        if (value.TryGetValue(out ushort us))
        {
            return new PyValue(PyKind.Int, value, integer: us);
        }

        if (value.TryGetValue(out byte by))
        {
            return new PyValue(PyKind.Int, value, integer: by);
        }

        if (value.TryGetValue(out sbyte sb))
        {
            return new PyValue(PyKind.Int, value, integer: sb);
        }

        if (value.TryGetValue(out BigInteger big))
        {
            return new PyValue(PyKind.Int, value, integer: big);
        }

        if (value.TryGetValue(out double d))
        {
            return new PyValue(PyKind.Float, value, number: d);
        }

        if (value.TryGetValue(out float f))
        {
            return new PyValue(PyKind.Float, value, number: f);
        }

        if (value.TryGetValue(out decimal m))
        {
            return new PyValue(PyKind.Float, value, number: (double)m);
        }

        // Anything else (a serialisable CLR object wrapped in a JsonValue): look at what it serialises to.
        using JsonDocument document = JsonDocument.Parse(value.ToJsonString());
        return OfElement(value, document.RootElement.Clone());
    }

    private static PyValue OfElement(JsonNode node, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return new PyValue(PyKind.Str, node, text: element.GetString());
            case JsonValueKind.True:
                return new PyValue(PyKind.Bool, node, boolean: true);
            case JsonValueKind.False:
                return new PyValue(PyKind.Bool, node, boolean: false);
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return new PyValue(PyKind.None, null);
            case JsonValueKind.Number:
                // Like json.loads: a number with a fraction or exponent is a float, anything else an int.
                string raw = element.GetRawText();
                return raw.AsSpan().IndexOfAny('.', 'e', 'E') >= 0
                    ? new PyValue(PyKind.Float, node, number: double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture))
                    : new PyValue(PyKind.Int, node, integer: BigInteger.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
            case JsonValueKind.Object:
                return new PyValue(PyKind.Dict, JsonObject.Create(element));
            case JsonValueKind.Array:
                return new PyValue(PyKind.List, JsonArray.Create(element));
            default:
                throw new NotSupportedException($"Unsupported JSON value kind {element.ValueKind}.");
        }
    }
}
