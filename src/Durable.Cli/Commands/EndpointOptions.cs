using System.CommandLine;
using Durable.Client.Http;

namespace Durable.Cli.Commands;

/// <summary>
/// Where the client commands send requests: <c>--endpoint</c>, else <c>DURABLE_ENDPOINT</c>, else the endpoint a
/// <c>durable serve</c> in this directory wrote to <c>.durable/endpoint</c>, else the default local port. With
/// <c>--aws</c> they go to the real Lambda API instead (region, endpoint and credentials from the AWS environment).
/// </summary>
internal sealed class EndpointOptions
{
    public const int DefaultPort = 9014;
    public const string EndpointFile = ".durable/endpoint";

    public Option<string?> Endpoint { get; } = new("--endpoint", "-e")
    {
        Description = "The durable-execution API to talk to (default: DURABLE_ENDPOINT, .durable/endpoint, or http://127.0.0.1:9014).",
        Recursive = true,
    };

    public Option<bool> Aws { get; } = new("--aws")
    {
        Description = "Talk to the real AWS Lambda API (region, endpoint and credentials from the AWS environment).",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Endpoint);
        command.Options.Add(Aws);
    }

    /// <summary>The endpoint the local engine is expected at.</summary>
    public static Uri ResolveLocal(string? explicitEndpoint)
    {
        if (explicitEndpoint is not null)
        {
            return Uri.TryCreate(explicitEndpoint, UriKind.Absolute, out var given) && given.Scheme is "http" or "https"
                ? given
                : throw new ArgumentException($"--endpoint '{explicitEndpoint}' is not an absolute http(s) URL.");
        }

        if (Environment.GetEnvironmentVariable("DURABLE_ENDPOINT") is { Length: > 0 } fromEnvironment)
        {
            return new Uri(fromEnvironment, UriKind.Absolute);
        }

        if (File.Exists(EndpointFile) && Uri.TryCreate(File.ReadAllText(EndpointFile).Trim(), UriKind.Absolute, out var written))
        {
            return written;
        }

        return new Uri($"http://127.0.0.1:{DefaultPort}/");
    }

    public LambdaDurableClient CreateClient(ParseResult parse)
    {
        if (parse.GetValue(Aws))
        {
            return new LambdaDurableClient(new LambdaDurableClientOptions { UserAgentSuffix = "durable-cli" });
        }

        return CreateLocalClient(ResolveLocal(parse.GetValue(Endpoint)));
    }

    /// <summary>A client of a local engine: the front does not check signatures, so no AWS setup is needed.</summary>
    public static LambdaDurableClient CreateLocalClient(Uri endpoint) => new(new LambdaDurableClientOptions
    {
        Endpoint = endpoint,
        Region = Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1",
        CredentialsProvider = new StaticCredentialsProvider("local", "local"),
        UserAgentSuffix = "durable-cli",
    });
}
