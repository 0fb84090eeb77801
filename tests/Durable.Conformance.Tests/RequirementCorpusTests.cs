using System.Text.Json.Nodes;
using Durable.Conformance.Requirements;

namespace Durable.Conformance.Tests;

/// <summary>Every shared requirement file loads, and the values the runner derives from it are usable.</summary>
public class RequirementCorpusTests
{
    private static readonly Lazy<IReadOnlyList<Requirement>> All = new(() => RequirementLoader.LoadAll(RequirementsFolder.Require()));

    [ConformanceRequirementsFact]
    public void Every_requirement_file_parses()
    {
        string folder = RequirementsFolder.Require();
        int files = Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories).Count();

        IReadOnlyList<Requirement> requirements = All.Value;

        Assert.True(files > 0, $"no *.yaml files under {folder}");
        Assert.Equal(files, requirements.Count);
        Assert.All(requirements, requirement =>
        {
            Assert.False(string.IsNullOrWhiteSpace(requirement.Description), $"{requirement.Id} has no description");
            Assert.NotEmpty(requirement.ExpectedHistory);
            Assert.Equal(Path.GetFileName(Path.GetDirectoryName(requirement.FilePath)), requirement.Suite);
        });
    }

    [ConformanceRequirementsFact]
    public void Requirements_are_in_natural_id_order()
    {
        List<string> ids = All.Value.Select(requirement => requirement.Id).ToList();

        Assert.Equal(ids.Order(NaturalIdComparer.Instance), ids);
        if (ids.Contains("1-2") && ids.Contains("1-10"))
        {
            Assert.True(ids.IndexOf("1-2") < ids.IndexOf("1-10"));
        }
    }

    [ConformanceRequirementsFact]
    public void Inputs_and_callback_payloads_resolve_with_bound_variables()
    {
        foreach (Requirement requirement in All.Value)
        {
            var context = new PlaceholderContext();
            context.BindVariables(requirement.Variables, new Random(7));
            string input = PythonJson.Dumps(context.SubstituteDeep(requirement.Input));
            Assert.DoesNotContain("${", input, StringComparison.Ordinal);
            foreach (CallbackAction action in requirement.CallbackActions.Where(a => a.Operation == CallbackOperation.Success))
            {
                byte[]? body = CallbackPayloads.SuccessResult(action with { Payload = context.SubstituteDeep(action.Payload) });
                Assert.DoesNotContain("${", body is null ? string.Empty : System.Text.Encoding.UTF8.GetString(body), StringComparison.Ordinal);
            }
        }
    }

    [ConformanceRequirementsFact]
    public void Every_regex_in_the_corpus_is_valid_here()
    {
        foreach (Requirement requirement in All.Value)
        {
            var context = new PlaceholderContext();
            context.BindVariables(requirement.Variables, new Random(3));
            foreach (string text in requirement.ExpectedHistory.SelectMany(Strings).Concat(requirement.CallbackActions.Select(a => a.CallbackName)))
            {
                MatchResult result = HistoryMatcher.MatchValue(JsonValue.Create(text), JsonValue.Create("probe"), context);
                Assert.DoesNotContain(result.Errors, error => error.Contains("invalid regex", StringComparison.Ordinal));
            }

            // One record carrying every field any expectation or anchor names, so every regex gets compiled.
            var probe = new JsonObject();
            foreach (JsonObject match in requirement.ExpectedLogs.SelectMany(e => e.After.Concat(e.Before).Append(e.Match)))
            {
                foreach (KeyValuePair<string, JsonNode?> field in match)
                {
                    probe[field.Key] = "probe";
                }
            }

            IReadOnlyList<string> logErrors = LogValidator.Validate([probe.ToJsonString()], requirement.ExpectedLogs, context);
            Assert.DoesNotContain(logErrors, error => error.Contains("invalid regex", StringComparison.Ordinal));
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(pair => Strings(pair.Value)),
        JsonArray array => array.SelectMany(Strings),
        JsonValue value when value.TryGetValue(out string? text) => [text],
        _ => [],
    };

    [ConformanceRequirementsFact]
    public void Each_expected_history_matches_a_history_built_from_it()
    {
        // A self-check of the matcher on real files: build a concrete history that satisfies each expectation
        // (wildcards filled, placeholders given one value per name) and match the expectation against it.
        foreach (Requirement requirement in All.Value)
        {
            var context = new PlaceholderContext();
            context.BindVariables(requirement.Variables, new Random(11));
            var concrete = new JsonArray();
            foreach (JsonNode expectedEvent in requirement.ExpectedHistory)
            {
                concrete.Add(Concretize(expectedEvent, context));
            }

            MatchResult result = HistoryMatcher.Match(requirement.ExpectedHistory, concrete, context, requirement.AsyncInvoke);

            Assert.True(result.Success, $"{requirement.Id}: {result}");
        }
    }

    private static JsonNode? Concretize(JsonNode? expected, PlaceholderContext context)
    {
        switch (expected)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (KeyValuePair<string, JsonNode?> pair in obj)
                {
                    result[pair.Key] = Concretize(pair.Value, context);
                }

                return result;
            case JsonArray array:
                return new JsonArray(array.Select(item => Concretize(item, context)).ToArray());
            case JsonValue value when value.TryGetValue(out string? text):
                if (text == "*")
                {
                    return "anything";
                }

                if (text.StartsWith("${/", StringComparison.Ordinal))
                {
                    string pattern = text[3..^2];
                    return new[] { "1", "5", "10", "SomeTransientError", "x" }.First(candidate => System.Text.RegularExpressions.Regex.IsMatch(candidate, pattern));
                }

                if (text.StartsWith("${", StringComparison.Ordinal) && text.EndsWith('}') && !context.IsBound(text[2..^1]))
                {
                    context.Bind(text[2..^1], "value-of-" + text[2..^1]);
                }

                return context.Substitute(text);
            default:
                return expected?.DeepClone();
        }
    }
}
