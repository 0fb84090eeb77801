using System.Text;
using Durable.Local.Server.DurableApi;
using Durable.Local.Server.Tests.Support;

namespace Durable.Local.Server.Tests;

/// <summary>Requests no SDK would send get 4xx answers in the AWS error shape.</summary>
public class MalformedRequestTests
{
    private const string Arn = "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aecho%3A%24LATEST%2Fdurable-execution%2Fn%2Fabc";

    public static TheoryData<string, string, string?, int, string> Cases => new()
    {
        { "GET", "/", null, 404, "UnknownOperationException" },
        { "GET", "/2025-12-01/nothing/here", null, 404, "UnknownOperationException" },
        { "GET", "/2025-12-01/durable-execution-callbacks/abc/explode", null, 404, "UnknownOperationException" },
        { "DELETE", $"/2025-12-01/durable-executions/{Arn}", null, 405, "UnknownOperationException" },
        { "GET", $"/2025-12-01/durable-executions/{Arn}/checkpoint", null, 405, "UnknownOperationException" },
        { "PUT", "/2015-03-31/functions/echo/invocations", "{}", 405, "UnknownOperationException" },
        { "POST", $"/2025-12-01/durable-executions/{Arn}/checkpoint", "{not json", 400, "InvalidRequestContentException" },
        { "POST", $"/2025-12-01/durable-executions/{Arn}/checkpoint", "[1,2]", 400, "InvalidRequestContentException" },
        { "POST", $"/2025-12-01/durable-executions/{Arn}/checkpoint", """{"CheckpointToken":"AAAA","Updates":{"a":1}}""", 400, "InvalidParameterValueException" },
        { "POST", $"/2025-12-01/durable-executions/{Arn}/checkpoint", """{"CheckpointToken":"AAAA","Updates":[{"Id":"x","Type":"NOPE","Action":"START"}]}""", 400, "InvalidRequestContentException" },
        { "POST", $"/2025-12-01/durable-executions/{Arn}/checkpoint", """{"CheckpointToken":7}""", 400, "InvalidParameterValueException" },
        { "POST", $"/2025-12-01/durable-executions/{Arn}/checkpoint", """{"CheckpointToken":"AAAA"}""", 404, "ResourceNotFoundException" },
        { "GET", $"/2025-12-01/durable-executions/{Arn}/history?MaxItems=ten", null, 400, "InvalidParameterValueException" },
        { "GET", $"/2025-12-01/durable-executions/{Arn}/history?ReverseOrder=maybe", null, 400, "InvalidParameterValueException" },
        { "GET", $"/2025-12-01/durable-executions/{Arn}/history?MaxItems=5000", null, 400, "InvalidParameterValueException" },
        { "GET", "/2025-12-01/functions/echo/durable-executions?Statuses=DANCING", null, 400, "InvalidParameterValueException" },
        { "GET", "/2025-12-01/functions/echo/durable-executions?StartedAfter=yesterday", null, 400, "InvalidParameterValueException" },
        { "GET", "/2025-12-01/functions/echo/durable-executions?MaxItems=1&MaxItems=2", null, 400, "InvalidParameterValueException" },
        { "POST", "/2025-12-01/durable-execution-callbacks/not%20base64!/succeed", "1", 400, "InvalidParameterValueException" },
        { "POST", "/2025-12-01/durable-execution-callbacks/AAAA/succeed", "1", 404, "ResourceNotFoundException" },
        { "POST", "/2025-12-01/durable-execution-callbacks/AAAA/fail", "{\"ErrorType\":[]}", 400, "InvalidRequestContentException" },
        { "POST", "/2025-12-01/durable-execution-callbacks/AAAA/heartbeat", null, 404, "ResourceNotFoundException" },
        { "POST", $"/2025-12-01/durable-executions/{Arn}/stop", "\"stop\"", 400, "InvalidRequestContentException" },
        { "POST", "/2015-03-31/functions/echo/invocations", "{oops", 400, "InvalidRequestContentException" },
        { "POST", "/2015-03-31/functions/nope/invocations", "{}", 404, "ResourceNotFoundException" },
        { "POST", "/2015-03-31/functions/echo/invocations?Qualifier=a:b:c", "{}", 404, "ResourceNotFoundException" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Malformed_requests_get_aws_errors(string method, string path, string? body, int status, string errorType)
    {
        await using var host = await ApiServerHost.StartAsync(Workflows.RegisterAll);
        var response = await host.SendAsync(new HttpMethod(method), path, body is null ? null : Encoding.UTF8.GetBytes(body));
        response.AssertAwsError(status, errorType);
    }

    [Fact]
    public async Task Invoke_rejects_unknown_invocation_types_and_bad_execution_names()
    {
        await using var host = await ApiServerHost.StartAsync(Workflows.RegisterAll);
        (await host.SendAsync(HttpMethod.Post, "/2015-03-31/functions/echo/invocations", "{}"u8.ToArray(), headers: ("X-Amz-Invocation-Type", "Later")))
            .AssertAwsError(400, "InvalidParameterValueException");
        (await host.SendAsync(HttpMethod.Post, "/2015-03-31/functions/echo/invocations", "{}"u8.ToArray(), headers: ("X-Amz-Durable-Execution-Name", "no spaces please")))
            .AssertAwsError(400, "InvalidParameterValueException");
        Assert.Empty(host.Engine.ListExecutionArns());
    }

    [Fact]
    public async Task Oversize_bodies_get_413()
    {
        await using var host = await ApiServerHost.StartAsync(Workflows.RegisterAll, serverOptions: new DurableApiServerOptions { MaxRequestBodyBytes = 4096 });
        var big = Encoding.UTF8.GetBytes("\"" + new string('x', 10_000) + "\"");
        (await host.SendAsync(HttpMethod.Post, "/2015-03-31/functions/echo/invocations", big)).AssertAwsError(413, "RequestTooLargeException");
        (await host.SendAsync(HttpMethod.Post, "/2025-12-01/durable-execution-callbacks/AAAA/succeed", big)).AssertAwsError(413, "RequestTooLargeException");

        // Chunked (no Content-Length): the limit is enforced while reading.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/2025-12-01/durable-executions/{Arn}/checkpoint")
        {
            Content = new StreamContent(new MemoryStream(big)),
        };
        request.Headers.TransferEncodingChunked = true;
        using var response = await host.Http.SendAsync(request);
        new RawResponse((int)response.StatusCode, response.Headers.GetValues("x-amzn-ErrorType").First(), await response.Content.ReadAsByteArrayAsync())
            .AssertAwsError(413, "RequestTooLargeException");
    }

    [Fact]
    public async Task Requests_kestrel_refuses_before_routing_still_get_a_4xx_and_the_server_stays_up()
    {
        // An encoded NUL in the path is an HTTP-level error: Kestrel answers 400 itself, without the AWS shape.
        await using var host = await ApiServerHost.StartAsync(Workflows.RegisterAll);
        var response = await host.SendAsync(HttpMethod.Get, "/2025-12-01/durable-executions/%00");
        Assert.Equal(400, response.Status);
        (await host.SendAsync(HttpMethod.Get, "/2025-12-01/durable-executions/x")).AssertAwsError(404, "ResourceNotFoundException");
    }

    [Fact]
    public void Non_loopback_binding_must_be_asked_for()
    {
        Assert.Equal(System.Net.IPAddress.Loopback, new DurableApiServerOptions().BindAddress);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DurableApiServerOptions { Port = 70000 }.Validate());
    }
}
