using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Durable.Client.Http;
using Durable.Protocol;

namespace Durable.Client.Tests;

/// <summary>
/// The Lambda-specific part of signing: durable-execution ARNs travel percent-encoded in the path
/// (<c>:</c> → <c>%3A</c>, <c>/</c> → <c>%2F</c>, <c>$</c> → <c>%24</c>) and, as for every non-S3 service, the
/// canonical URI encodes that wire path once more (<c>%3A</c> → <c>%253A</c>). Expected values were computed
/// independently of this code from the SigV4 specification.
/// </summary>
public sealed class SigV4LambdaTests
{
    private const string Arn = "arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/run-1/0d6b1c2e-aaaa";

    private const string WirePath =
        "/2025-12-01/durable-executions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aorders%3A%24LATEST%2Fdurable-execution%2Frun-1%2F0d6b1c2e-aaaa/state";

    private const string CanonicalPath =
        "/2025-12-01/durable-executions/arn%253Aaws%253Alambda%253Aus-east-1%253A123456789012%253Afunction%253Aorders%253A%2524LATEST%252Fdurable-execution%252Frun-1%252F0d6b1c2e-aaaa/state";

    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Canonical_path_encodes_the_percent_encoded_arn_again()
    {
        Assert.Equal(CanonicalPath, SigV4Signer.CanonicalizePath(WirePath));
    }

    [Fact]
    public async Task GetDurableExecutionState_request_carries_the_independently_computed_signature()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, """{"Operations":[]}""");
        using var client = new LambdaDurableClient(new LambdaDurableClientOptions
        {
            HttpMessageHandler = handler,
            Region = "us-east-1",
            TimeProvider = new TestTimeProvider(Now),
            CredentialsProvider = new StaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token"),
            GetEnvironmentVariable = Env.Of(),
        });

        await client.GetDurableExecutionStateAsync(new GetDurableExecutionStateRequest
        {
            DurableExecutionArn = Arn,
            CheckpointToken = "AbC+/dEf==",
            MaxItems = 1000,
        });

        var request = handler.Single;
        Assert.Equal(WirePath + "?CheckpointToken=AbC%2B%2FdEf%3D%3D&MaxItems=1000", request.PathAndQuery);
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250102/us-east-1/lambda/aws4_request, "
            + "SignedHeaders=host;x-amz-date;x-amz-security-token, "
            + "Signature=56b97db37fd277ac15edf147575ca550c896f5a94e9aa9d432c411ebe662eb43",
            request.Header("Authorization"));
        Assert.Equal("20250102T030405Z", request.Header("X-Amz-Date"));
        Assert.Equal("session-token", request.Header("X-Amz-Security-Token"));
    }

    [Fact]
    public async Task Request_line_on_the_wire_keeps_the_encoded_arn_and_verifies_like_a_server_would()
    {
        using var server = new OneShotHttpServer("""{"CheckpointToken":"next","NewExecutionState":{"Operations":[]}}""");
        var credentials = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token");
        using var client = new LambdaDurableClient(new LambdaDurableClientOptions
        {
            Endpoint = server.Endpoint,
            Region = "us-east-1",
            TimeProvider = new TestTimeProvider(Now),
            CredentialsProvider = new StaticCredentialsProvider(credentials),
            GetEnvironmentVariable = Env.Of(),
            Retry = LambdaRetryOptions.None,
        });

        var response = await client.CheckpointDurableExecutionAsync(new CheckpointDurableExecutionRequest
        {
            DurableExecutionArn = Arn,
            CheckpointToken = "tok",
            Updates = [new OperationUpdate { Id = "1", Type = OperationType.Step, Action = OperationAction.Start }],
        });
        var raw = await server.Received;

        Assert.Equal("next", response.CheckpointToken);
        Assert.Equal("POST", raw.Method);
        Assert.Equal(WirePath.Replace("/state", "/checkpoint", StringComparison.Ordinal), raw.Target);

        // Server side: rebuild the canonical request from the bytes received and check the signature.
        var authorization = raw.Headers["authorization"];
        var signedNames = authorization.Split("SignedHeaders=")[1].Split(',')[0].Split(';');
        Assert.Equal(["content-type", "host", "x-amz-date", "x-amz-security-token"], signedNames);
        var verifier = new SigV4Signer("us-east-1", "lambda");
        var expected = verifier.ComputeSignature(
            raw.Method,
            raw.Target,
            "",
            signedNames.Select(n => new KeyValuePair<string, string>(n, raw.Headers[n])),
            Convert.ToHexString(SHA256.HashData(raw.Body)).ToLowerInvariant(),
            credentials,
            Now);
        Assert.Equal(expected.Authorization, authorization);
        Assert.Contains("/arn%253Aaws%253Alambda%253A", expected.CanonicalRequest, StringComparison.Ordinal);
    }

    /// <summary>A loopback HTTP/1.1 server that reads one request byte for byte and answers 200 with a JSON body.</summary>
    private sealed class OneShotHttpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(30));

        public OneShotHttpServer(string responseJson)
        {
            _listener.Start();
            Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
            Received = ServeAsync(responseJson);
        }

        public Uri Endpoint { get; }

        public Task<RawRequest> Received { get; }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task<RawRequest> ServeAsync(string responseJson)
        {
            using var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = socket.GetStream();
            var buffer = new List<byte>();
            var chunk = new byte[4096];
            int headerEnd;
            while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
            {
                var read = await stream.ReadAsync(chunk, _stop.Token);
                if (read == 0)
                {
                    throw new IOException("The client closed the connection early.");
                }

                buffer.AddRange(chunk.AsSpan(0, read).ToArray());
            }

            var head = Encoding.ASCII.GetString(buffer.GetRange(0, headerEnd).ToArray());
            var lines = head.Split("\r\n");
            var requestLine = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                headers[name] = headers.TryGetValue(name, out var existing) ? existing + "," + value : value;
            }

            var length = headers.TryGetValue("content-length", out var cl) ? int.Parse(cl, System.Globalization.CultureInfo.InvariantCulture) : 0;
            var bodyStart = headerEnd + 4;
            while (buffer.Count - bodyStart < length)
            {
                var read = await stream.ReadAsync(chunk, _stop.Token);
                if (read == 0)
                {
                    throw new IOException("The client closed the connection mid-body.");
                }

                buffer.AddRange(chunk.AsSpan(0, read).ToArray());
            }

            var body = buffer.GetRange(bodyStart, length).ToArray();
            var payload = Encoding.UTF8.GetBytes(responseJson);
            var response = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(response, _stop.Token);
            await stream.WriteAsync(payload, _stop.Token);
            await stream.FlushAsync(_stop.Token);
            return new RawRequest(requestLine[0], requestLine[1], headers, body);
        }

        private static int IndexOfHeaderEnd(List<byte> buffer)
        {
            for (var i = 0; i + 3 < buffer.Count; i++)
            {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }
    }

    private sealed record RawRequest(string Method, string Target, Dictionary<string, string> Headers, byte[] Body);
}
