using System.Text.Json.Nodes;
using Durable.Conformance.Requirements;

namespace Durable.Conformance.Tests;

public sealed class RequirementLoaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("durable-conformance-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Requirement Parse(string yaml) => RequirementLoader.Parse(yaml, "/reqs/step/1-1.yaml", "1-1", "step");

    private const string Minimal = """
        ---
        # 1.1: a comment line
        description: Step basic
        handler: |
          A single step.
        invocations: |
          - One invocation.
        Input: World
        ExpectedResult:
          ExecutionStatus: SUCCEEDED
          Result: Hello, World!
        ExpectedExecutionHistory:
          - EventType: StepStarted
            EventId: 2
            Id: ${ID1}
            StepStartedDetails: {}
        """;

    [Fact]
    public void Reads_the_common_fields()
    {
        Requirement requirement = Parse(Minimal);

        Assert.Equal("1-1", requirement.Id);
        Assert.Equal("step", requirement.Suite);
        Assert.Equal("Step basic", requirement.Description);
        Assert.Equal("A single step.\n", requirement.HandlerText);
        Assert.Equal("- One invocation.\n", requirement.InvocationsText);
        Assert.Equal("World", requirement.Input!.GetValue<string>());
        Assert.Equal(new ExpectedResult("SUCCEEDED", true, JsonValue.Create("Hello, World!")).ExecutionStatus, requirement.ExpectedResult!.ExecutionStatus);
        Assert.True(requirement.ExpectedResult.HasResult);
        Assert.Equal("Hello, World!", requirement.ExpectedResult.Result!.GetValue<string>());
        JsonNode single = Assert.Single(requirement.ExpectedHistory);
        Assert.Equal("{\"EventType\": \"StepStarted\", \"EventId\": 2, \"Id\": \"${ID1}\", \"StepStartedDetails\": {}}", PythonJson.Dumps(single));
        Assert.False(requirement.AsyncInvoke);
        Assert.False(requirement.Optional);
        Assert.Empty(requirement.Variables);
        Assert.Empty(requirement.CallbackActions);
        Assert.Empty(requirement.ExpectedLogs);
        Assert.Equal("/reqs/step/1-1.yaml", requirement.FilePath);
    }

    [Fact]
    public void Empty_input_is_json_null_and_absent_result_key_is_distinguished()
    {
        Requirement requirement = Parse("""
            description: d
            Input:
            ExpectedResult:
              ExecutionStatus: SUCCEEDED
            ExpectedExecutionHistory: []
            """);

        Assert.Null(requirement.Input);
        Assert.False(requirement.ExpectedResult!.HasResult);
    }

    [Fact]
    public void Empty_result_key_expects_null()
    {
        Requirement requirement = Parse("description: d\nExpectedResult:\n  Result:\n");

        Assert.True(requirement.ExpectedResult!.HasResult);
        Assert.Null(requirement.ExpectedResult.Result);
        Assert.Null(requirement.ExpectedResult.ExecutionStatus);
    }

    [Fact]
    public void Absent_or_empty_expected_result_means_history_only()
    {
        Assert.Null(Parse("description: d").ExpectedResult);
        Assert.Null(Parse("description: d\nExpectedResult:\n").ExpectedResult);
    }

    [Fact]
    public void Variables_keep_file_order_and_raw_text()
    {
        Requirement requirement = Parse("""
            Variables:
              CB_NAME: ${GEN_STR:10}
              LITERAL: approval
              NUMBER: 5
              FLAG: yes
              NOTHING:
            """);

        Assert.Equal(
            ["CB_NAME=${GEN_STR:10}", "LITERAL=approval", "NUMBER=5", "FLAG=True", "NOTHING=None"],
            requirement.Variables.Select(pair => $"{pair.Key}={pair.Value}"));
    }

    [Theory]
    [InlineData("AsyncInvoke: true", true)]
    [InlineData("AsyncInvoke: false", false)]
    [InlineData("AsyncInvoke: 'false'", true)]
    [InlineData("AsyncInvoke: 0", false)]
    [InlineData("AsyncInvoke:", false)]
    [InlineData("async: true", false)]
    public void AsyncInvoke_uses_python_truthiness_and_ignores_async(string line, bool expected)
    {
        Assert.Equal(expected, Parse(line).AsyncInvoke);
    }

    [Fact]
    public void Optional_flag_is_read()
    {
        Assert.True(Parse("optional: true").Optional);
    }

    [Fact]
    public void Callback_actions_are_read()
    {
        Requirement requirement = Parse("""
            CallbackActions:
              - CallbackName: ${CB_NAME}
                Operation: HEARTBEAT
              - CallbackName: '*'
                Operation: success
                Payload:
                  status: approved
                Delay: 1
              - CallbackName: ${/^appr/}
                Operation: Failure
                Payload:
                  ErrorType: RejectedError
                Delay: 0.5
            """);

        Assert.Collection(
            requirement.CallbackActions,
            a =>
            {
                Assert.Equal("${CB_NAME}", a.CallbackName);
                Assert.Equal(CallbackOperation.Heartbeat, a.Operation);
                Assert.Null(a.Payload);
                Assert.Equal(0, a.Delay);
            },
            a =>
            {
                Assert.Equal(CallbackOperation.Success, a.Operation);
                Assert.Equal("{\"status\": \"approved\"}", PythonJson.Dumps(a.Payload));
                Assert.Equal(TimeSpan.FromSeconds(1), a.DelayTime);
            },
            a =>
            {
                Assert.Equal(CallbackOperation.Failure, a.Operation);
                Assert.Equal(0.5, a.Delay);
            });
    }

    [Fact]
    public void Expected_logs_are_read()
    {
        Requirement requirement = Parse("""
            ExpectedLogs:
              - match:
                  plugin: CONFPLUGIN
                  n: 1
                count: 1
                after:
                  - plugin: CONFPLUGIN
                    hook: attempt-start
              - match:
                  message: '/\[ERROR\]/'
                min_count: 2
                max_count: 3
                before:
                  - hook: end
            """);

        Assert.Collection(
            requirement.ExpectedLogs,
            e =>
            {
                Assert.Equal("{\"plugin\": \"CONFPLUGIN\", \"n\": 1}", PythonJson.Dumps(e.Match));
                Assert.Equal(1, e.Count);
                Assert.Null(e.MinCount);
                Assert.Equal("{\"plugin\": \"CONFPLUGIN\", \"hook\": \"attempt-start\"}", PythonJson.Dumps(Assert.Single(e.After)));
                Assert.Empty(e.Before);
            },
            e =>
            {
                Assert.Equal("/\\[ERROR\\]/", e.Match["message"]!.GetValue<string>());
                Assert.Null(e.Count);
                Assert.Equal(2, e.MinCount);
                Assert.Equal(3, e.MaxCount);
                Assert.Single(e.Before);
            });
    }

    [Fact]
    public void Unknown_keys_are_ignored()
    {
        Requirement requirement = Parse("description: d\nDefaultRetryParameters:\n  MaxAttempts: 6\nasync: true\nSomethingNew: [1]");

        Assert.Equal("d", requirement.Description);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("- a\n- b", "the top level is not a mapping")]
    [InlineData("ExpectedExecutionHistory: {EventId: 2}", "ExpectedExecutionHistory must be a list")]
    [InlineData("ExpectedExecutionHistory:\n  - just text", "ExpectedExecutionHistory[0] must be a mapping")]
    [InlineData("ExpectedResult: SUCCEEDED", "ExpectedResult must be a mapping")]
    [InlineData("ExpectedResult:\n  ExecutionStatus: [1]", "ExpectedResult.ExecutionStatus must be a string")]
    [InlineData("Variables: [a]", "Variables must be a mapping")]
    [InlineData("CallbackActions:\n  - Operation: success", "CallbackActions[0].CallbackName is required")]
    [InlineData("CallbackActions:\n  - CallbackName: x", "CallbackActions[0].Operation is required")]
    [InlineData("CallbackActions:\n  - CallbackName: x\n    Operation: cancel", "CallbackActions[0].Operation 'cancel' is not one of")]
    [InlineData("CallbackActions:\n  - CallbackName: x\n    Operation: success\n    Delay: soon", "CallbackActions[0].Delay must be a non-negative number")]
    [InlineData("CallbackActions:\n  - CallbackName: x\n    Operation: success\n    Delay:", "CallbackActions[0].Delay must be a non-negative number")]
    [InlineData("ExpectedLogs:\n  - count: 1", "ExpectedLogs[0].match is required")]
    [InlineData("ExpectedLogs:\n  - match: {a: 1}\n    count: many", "ExpectedLogs[0].count must be a non-negative integer")]
    [InlineData("ExpectedLogs:\n  - match: {a: 1}\n    after: {a: 1}", "ExpectedLogs[0].after must be a list")]
    [InlineData("ExpectedLogs:\n  - match: {a: 1}\n    before: [x]", "ExpectedLogs[0].before[0] must be a mapping")]
    [InlineData("a: [1, 2", "invalid YAML at line")]
    [InlineData("a: !!int zz", "line 1")]
    public void Malformed_files_name_the_file_and_the_problem(string yaml, string problem)
    {
        RequirementFormatException error = Assert.Throws<RequirementFormatException>(() => Parse(yaml));

        Assert.Equal("/reqs/step/1-1.yaml", error.FilePath);
        Assert.StartsWith("/reqs/step/1-1.yaml: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Delay_accepts_numeric_strings_like_python_float()
    {
        Requirement requirement = Parse("CallbackActions:\n  - CallbackName: x\n    Operation: success\n    Delay: '2.5'");

        Assert.Equal(2.5, Assert.Single(requirement.CallbackActions).Delay);
    }

    [Fact]
    public void LoadAll_scans_recursively_and_sorts_naturally()
    {
        Write("step/1-10.yaml", "description: ten");
        Write("step/1-2.yaml", "description: two");
        Write("wait/2-1.yaml", "description: wait");
        Write("map/nested/10-1.yaml", "description: deep");
        Write("step/notes.txt", "not a requirement");

        IReadOnlyList<Requirement> requirements = RequirementLoader.LoadAll(_root);

        Assert.Equal(["1-2", "1-10", "2-1", "10-1"], requirements.Select(r => r.Id));
        Assert.Equal(["step", "step", "wait", "nested"], requirements.Select(r => r.Suite));
        Assert.Equal(Path.Combine(_root, "step", "1-2.yaml"), requirements[0].FilePath);
    }

    [Fact]
    public void LoadAll_rejects_duplicate_ids_across_suites()
    {
        Write("step/1-1.yaml", "description: a");
        Write("wait/1-1.yaml", "description: b");

        RequirementFormatException error = Assert.Throws<RequirementFormatException>(() => RequirementLoader.LoadAll(_root));

        Assert.Contains("duplicate requirement id '1-1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_names_the_file_in_errors()
    {
        string path = Write("step/1-3.yaml", "ExpectedResult: nope");

        RequirementFormatException error = Assert.Throws<RequirementFormatException>(() => RequirementLoader.Load(path));

        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public void FindRequirementsDirectory_walks_up_to_the_solution_and_looks_beside_it()
    {
        string repo = Path.Combine(_root, "repo");
        Directory.CreateDirectory(Path.Combine(repo, "tests", "bin", "Debug"));
        File.WriteAllText(Path.Combine(repo, RequirementLoader.SolutionFileName), string.Empty);
        string requirements = Path.Combine(_root, "shared", "conformance", "requirements");

        Assert.Null(RequirementLoader.FindRequirementsDirectory(Path.Combine(repo, "tests", "bin", "Debug")));

        Directory.CreateDirectory(requirements);

        Assert.Equal(requirements, RequirementLoader.FindRequirementsDirectory(Path.Combine(repo, "tests", "bin", "Debug")));
        Assert.Equal(requirements, RequirementLoader.FindRequirementsDirectory(repo));
    }

    [Fact]
    public void FindRequirementsDirectory_without_a_solution_is_null()
    {
        Assert.Null(RequirementLoader.FindRequirementsDirectory(Path.GetPathRoot(_root)!));
    }

    [Theory]
    [InlineData("1-2", "1-10", -1)]
    [InlineData("2-1", "10-1", -1)]
    [InlineData("10-2", "10-2", 0)]
    [InlineData("1-2a", "1-2", 1)]
    [InlineData("a", "b", -1)]
    public void Natural_id_order(string x, string y, int sign)
    {
        Assert.Equal(sign, Math.Sign(NaturalIdComparer.Instance.Compare(x, y)));
        Assert.Equal(-sign, Math.Sign(NaturalIdComparer.Instance.Compare(y, x)));
    }

    private string Write(string relative, string text)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
