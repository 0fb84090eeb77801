using System.Numerics;
using System.Text.Json.Nodes;

namespace Durable.Conformance.Requirements;

/// <summary>
/// Python's <c>==</c> on decoded JSON values, which is how the runner compares results and bound placeholders.
/// Numbers compare by value across types: <c>3 == 3.0</c>, and because Python's <c>bool</c> is an <c>int</c>,
/// <c>True == 1</c> and <c>False == 0.0</c> hold too (deliberately mirrored, not "fixed"). Strings never equal
/// numbers, dict key order is irrelevant, list order matters, and <c>NaN</c> equals nothing.
/// </summary>
public static class PythonEquality
{
    /// <summary>True when Python would evaluate <c>a == b</c> to <c>True</c>.</summary>
    public static bool AreEqual(JsonNode? a, JsonNode? b) => AreEqual(PyValue.Of(a), PyValue.Of(b));

    internal static bool AreEqual(PyValue a, PyValue b)
    {
        if (a.IsNumber && b.IsNumber)
        {
            return NumbersEqual(a, b);
        }

        if (a.Kind != b.Kind)
        {
            return false;
        }

        switch (a.Kind)
        {
            case PyKind.None:
                return true;
            case PyKind.Str:
                return string.Equals(a.Str, b.Str, StringComparison.Ordinal);
            case PyKind.Dict:
                var left = (JsonObject)a.Node!;
                var right = (JsonObject)b.Node!;
                if (left.Count != right.Count)
                {
                    return false;
                }

                foreach (KeyValuePair<string, JsonNode?> pair in left)
                {
                    if (!right.TryGetPropertyValue(pair.Key, out JsonNode? other) || !AreEqual(pair.Value, other))
                    {
                        return false;
                    }
                }

                return true;
            case PyKind.List:
                var first = (JsonArray)a.Node!;
                var second = (JsonArray)b.Node!;
                if (first.Count != second.Count)
                {
                    return false;
                }

                for (int i = 0; i < first.Count; i++)
                {
                    if (!AreEqual(first[i], second[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    private static bool NumbersEqual(PyValue a, PyValue b)
    {
        if (a.Kind == PyKind.Float && b.Kind == PyKind.Float)
        {
            return a.Float == b.Float;
        }

        if (a.Kind == PyKind.Float)
        {
            return FloatEqualsInteger(a.Float, AsInteger(b));
        }

        if (b.Kind == PyKind.Float)
        {
            return FloatEqualsInteger(b.Float, AsInteger(a));
        }

        return AsInteger(a) == AsInteger(b);
    }

    private static BigInteger AsInteger(PyValue value) => value.Kind == PyKind.Bool ? (value.Bool ? BigInteger.One : BigInteger.Zero) : value.Int;

    // Python compares int and float exactly (2**53 + 1 != 2.0**53), not by converting the int to a float.
    private static bool FloatEqualsInteger(double number, BigInteger integer) =>
        double.IsFinite(number) && Math.Floor(number) == number && new BigInteger(number) == integer;
}
