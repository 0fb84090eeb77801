using System.Text;
using System.Text.Json;
using Durable.Local.Server.DurableApi;
using Durable.Local.Server.Tests.Support;
using Durable.Protocol;

namespace Durable.Local.Server.Tests;

/// <summary>
/// Thousands of seeded random requests (mutated paths, methods, queries, headers and bodies, some against a live
/// execution with its real ARN and callback ID): every answer is a 2xx or a 4xx in the AWS error shape, never a 5xx,
/// and the server still works afterwards.
/// </summary>
public class FuzzTests
{
    private const int Requests = 3000;
    private const int BodyLimit = 64 * 1024;
    private static readonly string[] Methods = ["GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH", "HEAD"];
    private static readonly string[] QueryNames = ["CheckpointToken", "Marker", "MaxItems", "IncludeExecutionData", "ReverseOrder", "Statuses", "StartedAfter", "StartedBefore", "Qualifier", "DurableExecutionName"];
    private static readonly string[] Junk = ["", "0", "-1", "1001", "true", "TRUE", "nope", "%ZZ", "%C3%28", "AAAA", "==", "a/b", "%2F%2F", "\u00e9t\u00e9", "9999999999999999999", "2026-01-01T00:00:00Z", "RUNNING", "SUCCEEDED,FAILED", "$LATEST"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Random_malformed_requests_never_get_a_5xx(int seed)
    {
        await using var host = await ApiServerHost.StartAsync(Workflows.RegisterAll, serverOptions: new DurableApiServerOptions { MaxRequestBodyBytes = BodyLimit });
        var arn = host.Engine.StartExecution(Workflows.Approval, "\"fuzz\"", "fuzz-target");
        var callbackId = await Workflows.WaitForCallbackIdAsync(host.Engine, arn);
        var random = new Random(seed);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();

        for (var i = 0; i < Requests; i += 4)
        {
            var batch = Enumerable.Range(0, 4).Select(_ => RandomRequest(random, arn, callbackId)).ToList();
            var answers = await Task.WhenAll(batch.Select(r => SendAsync(host, r)));
            for (var j = 0; j < batch.Count; j++)
            {
                var (request, response) = (batch[j], answers[j]);
                statuses[response.Status] = statuses.GetValueOrDefault(response.Status) + 1;
                if (Problem(request, response) is { } problem)
                {
                    failures.Add($"{request.Method} {request.Path} [{request.Body?.Length ?? 0} bytes]: {problem}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} bad answers, e.g.:\n{string.Join("\n", failures.Take(10))}");
        Assert.True(statuses.Keys.Count(s => s is >= 400 and < 500) >= 4, "The fuzzer reached too few error kinds: " + string.Join(", ", statuses));

        // Still serving, and the execution still works.
        var execution = await host.Client.GetDurableExecutionAsync(new GetDurableExecutionRequest { DurableExecutionArn = arn });
        Assert.Equal("fuzz-target", execution.DurableExecutionName);
    }

    private static string? Problem(FuzzRequest request, RawResponse response)
    {
        if (response.Status >= 500)
        {
            return $"HTTP {response.Status} {response.ErrorType}: {response.Text}";
        }

        if (response.Status < 400)
        {
            return null;
        }

        if (response.ErrorType is null)
        {
            return $"HTTP {response.Status} without x-amzn-ErrorType: {response.Text}";
        }

        if (request.Method == "HEAD")
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(response.Body);
            return document.RootElement.TryGetProperty("Type", out _) ? null : "no Type member: " + response.Text;
        }
        catch (JsonException)
        {
            return "the error body is not JSON: " + response.Text;
        }
    }

    private static async Task<RawResponse> SendAsync(ApiServerHost host, FuzzRequest request)
    {
        var headers = request.Headers.ToArray();
        try
        {
            // Each request on a connection of its own: garbage that makes Kestrel drop a connection must not turn the
            // next request on a reused one into a client-side failure that is no answer of the server's.
            return await host.SendAsync(new HttpMethod(request.Method), request.Path, request.Body, request.ContentType, newConnection: true, headers);
        }
        catch (HttpRequestException) when (request.Body?.Length > BodyLimit)
        {
            // The server may answer 413 (or reject the path) and close the connection before an oversize body is
            // fully sent; the client then sees the reset instead of the answer. That is HTTP, not a crash.
            return new RawResponse(413, "RequestTooLargeException", "{\"Type\":\"User\"}"u8.ToArray());
        }
        catch (HttpRequestException ex)
        {
            return new RawResponse(599, null, Encoding.UTF8.GetBytes("no answer: " + ex.Message + " " + ex.InnerException?.Message + " " + string.Join(";", headers)));
        }
    }

    private static FuzzRequest RandomRequest(Random random, string arn, string callbackId)
    {
        var encodedArn = Uri.EscapeDataString(arn);
        string target = random.Next(10) switch
        {
            0 => encodedArn,
            1 => arn, // unencoded '/' and ':'
            2 => encodedArn[..random.Next(encodedArn.Length)],
            3 => Uri.EscapeDataString(callbackId),
            4 => callbackId,
            5 => Pick(random, Junk),
            6 => new string('a', random.Next(1, 3000)),
            7 => Uri.EscapeDataString(RandomText(random, 40)),
            8 => "echo",
            _ => "approval",
        };
        var path = random.Next(9) switch
        {
            0 => $"/2025-12-01/durable-executions/{target}",
            1 => $"/2025-12-01/durable-executions/{target}/checkpoint",
            2 => $"/2025-12-01/durable-executions/{target}/state",
            3 => $"/2025-12-01/durable-executions/{target}/history",
            4 => $"/2025-12-01/durable-executions/{target}/stop",
            5 => $"/2025-12-01/functions/{target}/durable-executions",
            6 => $"/2025-12-01/durable-execution-callbacks/{target}/{Pick(random, ["succeed", "fail", "heartbeat", "cancel"])}",
            7 => $"/2015-03-31/functions/{target}/invocations",
            _ => "/" + string.Join('/', Enumerable.Range(0, random.Next(1, 6)).Select(_ => Pick(random, Junk.Append("2025-12-01").Append("durable-executions").ToArray()))),
        };

        var query = Enumerable.Range(0, random.Next(4)).Select(_ => $"{Pick(random, QueryNames)}={Uri.EscapeDataString(Pick(random, Junk))}").ToList();
        if (query.Count > 0)
        {
            path += "?" + string.Join('&', query);
        }

        var headers = new List<(string, string)>();
        if (random.Next(3) == 0)
        {
            headers.Add(("X-Amz-Invocation-Type", Pick(random, ["Event", "DryRun", "RequestResponse", "Sometime", ""])));
        }

        if (random.Next(3) == 0)
        {
            headers.Add(("X-Amz-Durable-Execution-Name", Pick(random, ["fuzz-target", "n-" + random.Next(1000), "bad name", new string('n', 70)])));
        }

        var body = random.Next(8) switch
        {
            0 => null,
            1 => RandomBytes(random, random.Next(0, 512)),
            2 => RandomBytes(random, 70 * 1024),
            3 => Encoding.UTF8.GetBytes(Pick(random, ["{", "[]", "null", "\"s\"", "{}", "{\"Updates\":5}", "{\"ErrorType\":{}}", "1e999"])),
            _ => Encoding.UTF8.GetBytes(RandomCheckpointJson(random)),
        };

        // Never let a random invoke sit waiting for a callback: synchronous invokes of the approval workflow would.
        if (path.Contains("/invocations", StringComparison.Ordinal) && !headers.Any(h => h.Item1 == "X-Amz-Invocation-Type" && h.Item2 is "Event" or "DryRun"))
        {
            headers.RemoveAll(h => h.Item1 == "X-Amz-Invocation-Type");
            headers.Add(("X-Amz-Invocation-Type", "Event"));
        }

        return new FuzzRequest(Pick(random, Methods), path, body, Pick(random, ["application/json", "text/plain", "application/x-amz-json-1.1", null]), headers);
    }

    private static string RandomCheckpointJson(Random random)
    {
        var value = new Dictionary<string, object?>
        {
            ["CheckpointToken"] = Pick<object?>(random, ["AAAA", "not base64!", 12, null, new string('A', 3000)]),
            ["ClientToken"] = Pick<object?>(random, [null, "", "c", new string('c', 80)]),
            ["Updates"] = random.Next(4) == 0
                ? Pick<object?>(random, [null, "x", 3])
                : Enumerable.Range(0, random.Next(4)).Select(_ => RandomUpdate(random)).ToList(),
            ["ErrorType"] = Pick<object?>(random, [null, "E", 5]),
            ["ErrorMessage"] = Pick<object?>(random, [null, "m", new string('m', 40_000)]),
        };
        return JsonSerializer.Serialize(value, FuzzJsonContext.Default.DictionaryStringObject);
    }

    private static Dictionary<string, object?> RandomUpdate(Random random) => new()
    {
        ["Id"] = Pick<object?>(random, ["op-1", "", "bad id!", new string('i', 70), null, 7]),
        ["Type"] = Pick<object?>(random, ["STEP", "WAIT", "CALLBACK", "CONTEXT", "EXECUTION", "CHAINED_INVOKE", "BOGUS", null]),
        ["Action"] = Pick<object?>(random, ["START", "SUCCEED", "FAIL", "RETRY", "CANCEL", "JUMP", null]),
        ["ParentId"] = Pick<object?>(random, [null, "missing-parent"]),
        ["Payload"] = Pick<object?>(random, [null, "\"p\"", 1]),
        ["WaitOptions"] = Pick<object?>(random, [null, new Dictionary<string, object?> { ["WaitSeconds"] = Pick<object?>(random, [0, 5, -3, "x", 99999999999L]) }]),
        ["StepOptions"] = Pick<object?>(random, [null, new Dictionary<string, object?> { ["NextAttemptDelaySeconds"] = Pick<object?>(random, [0, 1, -1]) }]),
        ["Error"] = Pick<object?>(random, [null, new Dictionary<string, object?> { ["ErrorType"] = "E", ["StackTrace"] = Pick<object?>(random, ["x", new[] { "a" }]) }]),
    };

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string RandomText(Random random, int length) =>
        new(Enumerable.Range(0, random.Next(1, length)).Select(_ => (char)random.Next(1, 0x3000)).Where(c => !char.IsSurrogate(c)).ToArray());

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private sealed record FuzzRequest(string Method, string Path, byte[]? Body, string? ContentType, List<(string Name, string Value)> Headers);
}
