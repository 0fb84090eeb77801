using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Durable.Conformance.Requirements;

/// <summary>
/// The placeholder bindings of one requirement run, shared by Variables, Input, history matching, the expected
/// result, callback actions and expected logs, so a name bound in one phase is visible in the later ones.
/// A name, once bound, keeps its value unless <see cref="BindVariables"/> sets it again; values are stored as
/// private copies and may be any JSON value (history binds whatever the actual event holds, including null).
/// </summary>
public sealed class PlaceholderContext
{
    private const string GeneratedAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const int MaxGeneratedLength = 1_000_000;

    private static readonly Regex GeneratedString = new(@"^\$\{GEN_STR:([0-9]+)\}$", RegexOptions.CultureInvariant);
    private static readonly Regex NamedPlaceholder = new(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant);

    private readonly Dictionary<string, JsonNode?> _values = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>The bound names in binding order, with copies of their values.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>> Bindings =>
        _order.Select(name => new KeyValuePair<string, JsonNode?>(name, _values[name]?.DeepClone())).ToList();

    /// <summary>
    /// Binds a requirement's <c>Variables</c> in order: a value that is exactly <c>${GEN_STR:n}</c> becomes
    /// <c>n</c> random characters from <c>[a-z0-9]</c>; any other value is bound literally (as the string it is).
    /// </summary>
    /// <param name="variables">Name and raw value pairs, as <see cref="Requirement.Variables"/> holds them.</param>
    /// <param name="random">The source of generated characters; pass a seeded one for reproducible runs.</param>
    public void BindVariables(IEnumerable<KeyValuePair<string, string>> variables, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        BindVariables(variables, random.Next);
    }

    /// <summary>
    /// Binds variables drawing generated characters from <see cref="RandomNumberGenerator"/>, as the runner's
    /// <c>secrets.choice</c> does.
    /// </summary>
    public void BindVariables(IEnumerable<KeyValuePair<string, string>> variables) =>
        BindVariables(variables, RandomNumberGenerator.GetInt32);

    private void BindVariables(IEnumerable<KeyValuePair<string, string>> variables, Func<int, int> nextBelow)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (KeyValuePair<string, string> variable in variables)
        {
            Match generated = GeneratedString.Match(variable.Value);
            if (!generated.Success)
            {
                Bind(variable.Key, JsonValue.Create(variable.Value));
                continue;
            }

            if (!int.TryParse(generated.Groups[1].Value, out int length) || length > MaxGeneratedLength)
            {
                throw new ArgumentException($"Variable {variable.Key}: {variable.Value} asks for too many characters.", nameof(variables));
            }

            var characters = new char[length];
            for (int i = 0; i < length; i++)
            {
                characters[i] = GeneratedAlphabet[nextBelow(GeneratedAlphabet.Length)];
            }

            Bind(variable.Key, JsonValue.Create(new string(characters)));
        }
    }

    /// <summary>True when <paramref name="name"/> has a value (which may be JSON null).</summary>
    public bool IsBound(string name) => _values.ContainsKey(name);

    /// <summary>Gets a copy of the bound value.</summary>
    public bool TryGetValue(string name, out JsonNode? value)
    {
        if (_values.TryGetValue(name, out JsonNode? stored))
        {
            value = stored?.DeepClone();
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Binds (or rebinds) <paramref name="name"/> to a copy of <paramref name="value"/>.</summary>
    public void Bind(string name, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_values.ContainsKey(name))
        {
            _order.Add(name);
        }

        _values[name] = value?.DeepClone();
    }

    /// <summary>
    /// Textual substitution: every <c>${NAME}</c> (NAME = <c>[A-Za-z_][A-Za-z0-9_]*</c>) whose name is bound is
    /// replaced by Python <c>str()</c> of its value; unbound ones, <c>${/re/}</c> and <c>${GEN_STR:n}</c> stay as written.
    /// </summary>
    public string Substitute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return text;
        }

        return NamedPlaceholder.Replace(text, match =>
            _values.TryGetValue(match.Groups[1].Value, out JsonNode? value) ? PythonFormat.Str(value) : match.Value);
    }

    /// <summary>
    /// A copy of <paramref name="value"/> with <see cref="Substitute"/> applied to every string inside it (mapping
    /// keys are left alone); strings stay strings even when the whole text was one placeholder.
    /// </summary>
    public JsonNode? SubstituteDeep(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (KeyValuePair<string, JsonNode?> pair in obj)
                {
                    copy[pair.Key] = SubstituteDeep(pair.Value);
                }

                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (JsonNode? item in array)
                {
                    items.Add(SubstituteDeep(item));
                }

                return items;
            default:
                PyValue py = PyValue.Of(value);
                return py.Kind == PyKind.Str ? JsonValue.Create(Substitute(py.Str!)) : value.DeepClone();
        }
    }

    /// <summary>The stored value itself (no copy) for read-only comparisons inside this assembly.</summary>
    internal bool TryPeek(string name, out JsonNode? value) => _values.TryGetValue(name, out value);
}
