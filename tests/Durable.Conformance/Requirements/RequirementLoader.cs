using System.Globalization;
using System.Text.Json.Nodes;

namespace Durable.Conformance.Requirements;

/// <summary>
/// Finds and reads requirement files. Reading mirrors the runner: <c>yaml.safe_load</c> value rules
/// (<see cref="PythonYaml"/>), unknown keys ignored, Python truthiness for flags; anything the runner would choke on
/// throws a <see cref="RequirementFormatException"/> naming the file and the problem.
/// </summary>
public static class RequirementLoader
{
    /// <summary>The file that marks the repository root.</summary>
    public const string SolutionFileName = "Durable.sln";

    /// <summary>
    /// Walks up from <paramref name="startDirectory"/> to the repository root (the first directory holding
    /// <see cref="SolutionFileName"/>) and returns <c>../shared/conformance/requirements</c> next to it, or
    /// <see langword="null"/> when there is no root or the folder does not exist.
    /// </summary>
    public static string? FindRequirementsDirectory(string startDirectory)
    {
        ArgumentNullException.ThrowIfNull(startDirectory);
        for (DirectoryInfo? directory = new(Path.GetFullPath(startDirectory)); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                string requirements = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "conformance", "requirements"));
                return Directory.Exists(requirements) ? requirements : null;
            }
        }

        return null;
    }

    /// <summary>
    /// Loads every <c>*.yaml</c> under <paramref name="directory"/> (recursively), sorted naturally by id
    /// (<c>1-2</c> before <c>1-10</c> before <c>2-1</c>). Ids must be unique, as the runner keys requirements by stem.
    /// </summary>
    public static IReadOnlyList<Requirement> LoadAll(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var byId = new Dictionary<string, Requirement>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories))
        {
            if (!path.EndsWith(".yaml", StringComparison.Ordinal))
            {
                continue;
            }

            Requirement requirement = Load(path);
            if (byId.TryGetValue(requirement.Id, out Requirement? existing))
            {
                throw new RequirementFormatException(path, $"duplicate requirement id '{requirement.Id}' (also {existing.FilePath})");
            }

            byId.Add(requirement.Id, requirement);
        }

        return byId.Values
            .OrderBy(requirement => requirement.Id, NaturalIdComparer.Instance)
            .ThenBy(requirement => requirement.FilePath, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Loads one requirement file; the id is its stem and the suite its directory's name.</summary>
    public static Requirement Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string fullPath = Path.GetFullPath(path);
        string text = File.ReadAllText(fullPath);
        string suite = Path.GetFileName(Path.GetDirectoryName(fullPath)) ?? string.Empty;
        return Parse(text, fullPath, Path.GetFileNameWithoutExtension(fullPath), suite);
    }

    /// <summary>Reads requirement YAML text; <paramref name="filePath"/> is only used for identity and messages.</summary>
    public static Requirement Parse(string yamlText, string filePath, string id, string suite)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(filePath);
        JsonNode? root;
        try
        {
            root = PythonYaml.Load(yamlText);
        }
        catch (FormatException e)
        {
            throw new RequirementFormatException(filePath, e.Message, e);
        }

        if (root is not JsonObject document)
        {
            throw new RequirementFormatException(filePath, root is null ? "the file is empty" : "the top level is not a mapping");
        }

        var reader = new FieldReader(filePath);
        return new Requirement
        {
            Id = id,
            Suite = suite,
            Description = reader.Text(document, "description"),
            HandlerText = reader.Text(document, "handler"),
            InvocationsText = reader.Text(document, "invocations"),
            Input = document["Input"]?.DeepClone(),
            ExpectedResult = reader.ExpectedResult(document),
            ExpectedHistory = reader.ExpectedHistory(document),
            Variables = reader.Variables(document),
            AsyncInvoke = PyValue.Of(document["AsyncInvoke"]).IsTruthy,
            CallbackActions = reader.CallbackActions(document),
            ExpectedLogs = reader.ExpectedLogs(document),
            Optional = PyValue.Of(document["optional"]).IsTruthy,
            FilePath = filePath,
        };
    }

    /// <summary>Typed access to the document's fields; every problem is reported with its path in the file.</summary>
    private sealed class FieldReader(string filePath)
    {
        public string Text(JsonObject document, string key)
        {
            JsonNode? value = document[key];
            return value is null ? string.Empty : PythonFormat.Str(value);
        }

        public ExpectedResult? ExpectedResult(JsonObject document)
        {
            // `ExpectedResult:` with no value is None in Python, which the runner treats like an absent key.
            JsonNode? node = document["ExpectedResult"];
            if (node is null)
            {
                return null;
            }

            JsonObject expected = Mapping(node, "ExpectedResult");
            JsonNode? status = expected["ExecutionStatus"];
            if (status is not null && PyValue.Of(status).Kind != PyKind.Str)
            {
                throw Fail("ExpectedResult.ExecutionStatus must be a string");
            }

            bool hasResult = expected.TryGetPropertyValue("Result", out JsonNode? result);
            return new ExpectedResult(status is null ? null : PythonFormat.Str(status), hasResult, result?.DeepClone());
        }

        public IReadOnlyList<JsonNode> ExpectedHistory(JsonObject document)
        {
            var events = new List<JsonNode>();
            JsonArray? list = OptionalList(document["ExpectedExecutionHistory"], "ExpectedExecutionHistory");
            for (int i = 0; list is not null && i < list.Count; i++)
            {
                events.Add(Mapping(list[i], $"ExpectedExecutionHistory[{i}]").DeepClone());
            }

            return events;
        }

        public IReadOnlyList<KeyValuePair<string, string>> Variables(JsonObject document)
        {
            JsonNode? node = document["Variables"];
            if (node is null)
            {
                return [];
            }

            return Mapping(node, "Variables")
                .Select(pair => new KeyValuePair<string, string>(pair.Key, PythonFormat.Str(pair.Value)))
                .ToList();
        }

        public IReadOnlyList<CallbackAction> CallbackActions(JsonObject document)
        {
            var actions = new List<CallbackAction>();
            JsonArray? list = OptionalList(document["CallbackActions"], "CallbackActions");
            for (int i = 0; list is not null && i < list.Count; i++)
            {
                string where = $"CallbackActions[{i}]";
                JsonObject item = Mapping(list[i], where);
                PyValue name = PyValue.Of(item["CallbackName"]);
                if (name.Kind != PyKind.Str || name.Str!.Length == 0)
                {
                    throw Fail($"{where}.CallbackName is required and must be a non-empty string");
                }

                PyValue operation = PyValue.Of(item["Operation"]);
                if (operation.Kind != PyKind.Str || operation.Str!.Length == 0)
                {
                    throw Fail($"{where}.Operation is required and must be a string");
                }

                CallbackOperation parsed = operation.Str.ToLowerInvariant() switch
                {
                    "success" => CallbackOperation.Success,
                    "failure" => CallbackOperation.Failure,
                    "heartbeat" => CallbackOperation.Heartbeat,
                    _ => throw Fail($"{where}.Operation '{operation.Str}' is not one of: failure, heartbeat, success"),
                };

                double delay = 0;
                if (item.TryGetPropertyValue("Delay", out JsonNode? delayNode))
                {
                    delay = Seconds(delayNode, $"{where}.Delay");
                }

                actions.Add(new CallbackAction(name.Str, parsed, item["Payload"]?.DeepClone(), delay));
            }

            return actions;
        }

        public IReadOnlyList<LogExpectation> ExpectedLogs(JsonObject document)
        {
            var expectations = new List<LogExpectation>();
            JsonArray? list = OptionalList(document["ExpectedLogs"], "ExpectedLogs");
            for (int i = 0; list is not null && i < list.Count; i++)
            {
                string where = $"ExpectedLogs[{i}]";
                JsonObject item = Mapping(list[i], where);
                if (item["match"] is null)
                {
                    throw Fail($"{where}.match is required");
                }

                expectations.Add(new LogExpectation(
                    (JsonObject)Mapping(item["match"], $"{where}.match").DeepClone(),
                    Count(item["count"], $"{where}.count"),
                    Count(item["min_count"], $"{where}.min_count"),
                    Count(item["max_count"], $"{where}.max_count"),
                    Anchors(item["before"], $"{where}.before"),
                    Anchors(item["after"], $"{where}.after")));
            }

            return expectations;
        }

        private List<JsonObject> Anchors(JsonNode? node, string where)
        {
            var anchors = new List<JsonObject>();
            JsonArray? list = OptionalList(node, where);
            for (int i = 0; list is not null && i < list.Count; i++)
            {
                anchors.Add((JsonObject)Mapping(list[i], $"{where}[{i}]").DeepClone());
            }

            return anchors;
        }

        private int? Count(JsonNode? node, string where)
        {
            if (node is null)
            {
                return null;
            }

            PyValue value = PyValue.Of(node);
            if (value.Kind != PyKind.Int || value.Int < 0 || value.Int > int.MaxValue)
            {
                throw Fail($"{where} must be a non-negative integer, got {PythonFormat.Repr(node)}");
            }

            return (int)value.Int;
        }

        private double Seconds(JsonNode? node, string where)
        {
            // float(value) in the runner: numbers, bools and numeric strings are accepted, None is not.
            PyValue value = PyValue.Of(node);
            double seconds = value.Kind switch
            {
                PyKind.Int => (double)value.Int,
                PyKind.Float => value.Float,
                PyKind.Bool => value.Bool ? 1 : 0,
                PyKind.Str when double.TryParse(value.Str!.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
                _ => double.NaN,
            };
            if (double.IsNaN(seconds) || seconds < 0 || double.IsInfinity(seconds))
            {
                throw Fail($"{where} must be a non-negative number of seconds, got {PythonFormat.Repr(node)}");
            }

            return seconds;
        }

        private JsonObject Mapping(JsonNode? node, string where) =>
            node as JsonObject ?? throw Fail($"{where} must be a mapping, got {PythonFormat.Repr(node)}");

        private JsonArray? OptionalList(JsonNode? node, string where) => node switch
        {
            null => null,
            JsonArray list => list,
            _ => throw Fail($"{where} must be a list, got {PythonFormat.Repr(node)}"),
        };

        private RequirementFormatException Fail(string problem) => new(filePath, problem);
    }
}
