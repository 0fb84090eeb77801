using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Durable.Client.Http;
using Durable.Local.Server.DurableApi;

namespace Durable.Local.Server.Tests.Support;

/// <summary>An engine with its HTTP front on a free loopback port, and a signed client pointed at it.</summary>
public sealed class ApiServerHost : IAsyncDisposable
{
    private ApiServerHost(LocalDurableEngine engine, DurableApiServer server)
    {
        Engine = engine;
        Server = server;
        Client = CreateClient(server.BaseAddress);
        Http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public LocalDurableEngine Engine { get; }

    public DurableApiServer Server { get; }

    public LambdaDurableClient Client { get; }

    /// <summary>A raw HTTP client for requests no SDK would send.</summary>
    public HttpClient Http { get; }

    public static async Task<ApiServerHost> StartAsync(Action<LocalDurableEngine> register, LocalEngineOptions? engineOptions = null, DurableApiServerOptions? serverOptions = null)
    {
        var engine = new LocalDurableEngine(engineOptions ?? new LocalEngineOptions { Clock = EngineClock.Real });
        register(engine);
        var server = await DurableApiServer.StartAsync(engine, serverOptions);
        return new ApiServerHost(engine, server);
    }

    public static LambdaDurableClient CreateClient(Uri endpoint) => new(new LambdaDurableClientOptions
    {
        Endpoint = endpoint,
        Region = "us-east-1",
        CredentialsProvider = new StaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        Retry = LambdaRetryOptions.None,
    });

    /// <summary>Sends a raw request and reads the answer.</summary>
    public Task<RawResponse> SendAsync(HttpMethod method, string pathAndQuery, byte[]? body = null, string? contentType = "application/json", params (string Name, string Value)[] headers) =>
        SendAsync(method, pathAndQuery, body, contentType, newConnection: false, headers);

    /// <summary>Sends a raw request; with <paramref name="newConnection"/> on a connection of its own (no keep-alive reuse).</summary>
    public async Task<RawResponse> SendAsync(HttpMethod method, string pathAndQuery, byte[]? body, string? contentType, bool newConnection, params (string Name, string Value)[] headers)
    {
        // Absolute, so that a path starting with '//' is not read as a scheme-relative URL.
        using var request = new HttpRequestMessage(method, new Uri(Server.BaseAddress.GetLeftPart(UriPartial.Authority) + pathAndQuery, UriKind.Absolute));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.ConnectionClose = newConnection;

        using var response = await Http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.First() : null;
        return new RawResponse((int)response.StatusCode, errorType, bytes);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Client.Dispose();
        await Server.DisposeAsync();
        Engine.Dispose();
    }
}

/// <summary>A raw response: status, the AWS error type header and the body.</summary>
public sealed record RawResponse(int Status, string? ErrorType, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>Asserts the AWS error shape: 4xx, the type header, a JSON body with Type and a message.</summary>
    public void AssertAwsError(int status, string errorType)
    {
        Assert.True(Status == status, $"Expected HTTP {status} {errorType}, got {Status} {ErrorType}: {Text}");
        Assert.Equal(errorType, ErrorType);
        using var document = JsonDocument.Parse(Body);
        Assert.Equal(status < 500 ? "User" : "Service", document.RootElement.GetProperty("Type").GetString());
        var hasMessage = document.RootElement.TryGetProperty("message", out var message) || document.RootElement.TryGetProperty("Message", out message);
        Assert.True(hasMessage && !string.IsNullOrEmpty(message.GetString()), "The error body has no message: " + Text);
    }
}
