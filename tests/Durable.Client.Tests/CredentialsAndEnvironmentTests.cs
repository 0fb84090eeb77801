using System.Net;
using Durable.Client.Http;
using Durable.Protocol;

namespace Durable.Client.Tests;

/// <summary>Credential providers, the default chain, and region/endpoint resolution.</summary>
public sealed class CredentialsAndEnvironmentTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static string CredentialsJson(string key, DateTimeOffset? expiration) =>
        $$"""
        {"AccessKeyId":"{{key}}","SecretAccessKey":"secret-{{key}}","Token":"token-{{key}}",
         {{(expiration is null ? "" : $"\"Expiration\":\"{expiration.Value.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\",")}}
         "RoleArn":"arn:aws:iam::123456789012:role/r"}
        """;

    [Fact]
    public async Task Environment_provider_reads_the_lambda_variables()
    {
        var provider = new EnvironmentCredentialsProvider(Env.Of(
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "secret-env"),
            ("AWS_SESSION_TOKEN", "token-env")));

        var credentials = await provider.GetCredentialsAsync();

        Assert.True(provider.IsConfigured);
        Assert.Equal("AKIDENV", credentials.AccessKeyId);
        Assert.Equal("secret-env", credentials.SecretAccessKey);
        Assert.Equal("token-env", credentials.SessionToken);
    }

    [Fact]
    public async Task Environment_provider_without_a_session_token_gives_long_term_credentials()
    {
        var provider = new EnvironmentCredentialsProvider(Env.Of(
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "secret-env"),
            ("AWS_SESSION_TOKEN", "")));

        Assert.Null((await provider.GetCredentialsAsync()).SessionToken);
    }

    [Fact]
    public async Task Environment_provider_without_keys_throws_a_credentials_exception()
    {
        var provider = new EnvironmentCredentialsProvider(Env.Of(("AWS_ACCESS_KEY_ID", "AKIDENV")));

        Assert.False(provider.IsConfigured);
        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await provider.GetCredentialsAsync());
        Assert.Contains("AWS_SECRET_ACCESS_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Static_provider_returns_its_credentials()
    {
        var provider = new StaticCredentialsProvider("AKID", "secret", "token");

        var credentials = await provider.GetCredentialsAsync();

        Assert.Equal(("AKID", "secret", "token"), (credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));
    }

    [Fact]
    public async Task Container_provider_uses_the_ecs_address_for_a_relative_uri()
    {
        var handler = new FakeHandler((_, _) => Respond.Json(HttpStatusCode.OK, CredentialsJson("AKIDECS", Now.AddHours(6))));
        using var provider = new ContainerCredentialsProvider(
            handler,
            Env.Of(("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc"),
                   ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9999/ignored")),
            new TestTimeProvider(Now));

        var credentials = await provider.GetCredentialsAsync();

        Assert.Equal(new Uri("http://169.254.170.2/v2/credentials/abc"), handler.Single.Uri);
        Assert.Null(handler.Single.Header("Authorization"));
        Assert.Equal("AKIDECS", credentials.AccessKeyId);
        Assert.Equal("secret-AKIDECS", credentials.SecretAccessKey);
        Assert.Equal("token-AKIDECS", credentials.SessionToken);
        Assert.Equal(Now.AddHours(6), credentials.Expiration);
    }

    [Fact]
    public async Task Container_provider_sends_the_authorization_token_to_a_full_uri()
    {
        var handler = new FakeHandler((_, _) => Respond.Json(HttpStatusCode.OK, CredentialsJson("AKIDEKS", Now.AddHours(1))));
        using var provider = new ContainerCredentialsProvider(
            handler,
            Env.Of(("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials"),
                   ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer abc")),
            new TestTimeProvider(Now));

        await provider.GetCredentialsAsync();

        Assert.Equal(new Uri("http://169.254.170.23/v1/credentials"), handler.Single.Uri);
        Assert.Equal("Bearer abc", handler.Single.Header("Authorization"));
    }

    [Fact]
    public async Task Container_provider_prefers_the_token_file_and_rereads_it()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "file-token-1\n");
            var handler = new FakeHandler((_, _) => Respond.Json(HttpStatusCode.OK, CredentialsJson("AKIDPOD", Now.AddMinutes(10))));
            var time = new TestTimeProvider(Now);
            using var provider = new ContainerCredentialsProvider(
                handler,
                Env.Of(("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://[fd00:ec2::23]/v1/credentials"),
                       ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-token"),
                       ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", file)),
                time);

            await provider.GetCredentialsAsync(); // Expires in 10 min: within the 5-min window after 6 min.
            await File.WriteAllTextAsync(file, "file-token-2");
            time.Advance(TimeSpan.FromMinutes(6));
            await provider.GetCredentialsAsync();

            Assert.Equal(["file-token-1", "file-token-2"], handler.Requests.Select(r => r.Header("Authorization")));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Container_provider_caches_until_shortly_before_expiry()
    {
        var handler = new FakeHandler((_, attempt) =>
            Respond.Json(HttpStatusCode.OK, CredentialsJson("AKID" + attempt, Now.AddHours(attempt))));
        var time = new TestTimeProvider(Now);
        using var provider = new ContainerCredentialsProvider(
            handler, Env.Of(("AWS_CONTAINER_CREDENTIALS_FULL_URI", "https://creds.example.com/c")), time);

        var first = await provider.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(54));
        var second = await provider.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(1)); // 5 minutes before expiry: refresh.
        var third = await provider.GetCredentialsAsync();

        Assert.Equal("AKID1", first.AccessKeyId);
        Assert.Same(first, second);
        Assert.Equal("AKID2", third.AccessKeyId);
        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task Container_provider_keeps_valid_credentials_when_a_refresh_fails()
    {
        var handler = new FakeHandler((_, attempt) => attempt == 1
            ? Respond.Json(HttpStatusCode.OK, CredentialsJson("AKID1", Now.AddMinutes(10)))
            : Respond.Json(HttpStatusCode.InternalServerError, "{}"));
        var time = new TestTimeProvider(Now);
        using var provider = new ContainerCredentialsProvider(
            handler, Env.Of(("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://localhost:8080/c")), time);

        var first = await provider.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(7));
        var again = await provider.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(4)); // Now expired.
        await Assert.ThrowsAsync<AwsCredentialsException>(async () => await provider.GetCredentialsAsync());

        Assert.Same(first, again);
    }

    [Fact]
    public async Task Container_provider_retries_server_errors_but_not_client_errors()
    {
        var flaky = new FakeHandler((_, attempt) => attempt < 3
            ? Respond.Json(HttpStatusCode.ServiceUnavailable, "{}")
            : Respond.Json(HttpStatusCode.OK, CredentialsJson("AKIDOK", null)));
        using (var provider = new ContainerCredentialsProvider(
            flaky, Env.Of(("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds")), new TestTimeProvider(Now)))
        {
            var credentials = await provider.GetCredentialsAsync();
            Assert.Equal("AKIDOK", credentials.AccessKeyId);
            Assert.Null(credentials.Expiration);
        }

        Assert.Equal(3, flaky.Count);

        var denied = FakeHandler.Always(HttpStatusCode.Forbidden, """{"code":"AccessDenied","message":"bad token"}""");
        using (var provider = new ContainerCredentialsProvider(
            denied, Env.Of(("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds")), new TestTimeProvider(Now)))
        {
            var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await provider.GetCredentialsAsync());
            Assert.Contains("403", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(1, denied.Count);
    }

    [Theory]
    [InlineData("http://example.com/creds")]
    [InlineData("http://10.0.0.1/creds")]
    [InlineData("ftp://127.0.0.1/creds")]
    [InlineData("not a uri")]
    public async Task Container_provider_rejects_unsafe_full_uris(string uri)
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, CredentialsJson("AKID", null));
        using var provider = new ContainerCredentialsProvider(handler, Env.Of(("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri)));

        await Assert.ThrowsAsync<AwsCredentialsException>(async () => await provider.GetCredentialsAsync());

        Assert.Equal(0, handler.Count);
    }

    [Theory]
    [InlineData("https://creds.example.com/c")]
    [InlineData("http://127.0.0.1:1338/c")]
    [InlineData("http://[::1]:1338/c")]
    [InlineData("http://localhost/c")]
    [InlineData("http://169.254.170.2/c")]
    public void Container_provider_accepts_https_and_the_documented_local_addresses(string uri)
    {
        Assert.Equal(new Uri(uri), ContainerCredentialsProvider.ResolveEndpoint(Env.Of(("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri))));
    }

    [Fact]
    public async Task Container_provider_rejects_a_response_without_keys()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, """{"Token":"t"}""");
        using var provider = new ContainerCredentialsProvider(handler, Env.Of(("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c")));

        await Assert.ThrowsAsync<AwsCredentialsException>(async () => await provider.GetCredentialsAsync());
    }

    [Fact]
    public async Task Default_chain_prefers_environment_credentials()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, CredentialsJson("AKIDCONTAINER", null));
        using var chain = AwsCredentialsProviderChain.CreateDefault(handler, Env.Of(
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
            ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c")));

        Assert.Equal("AKIDENV", (await chain.GetCredentialsAsync()).AccessKeyId);
        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public async Task Default_chain_falls_back_to_the_container_endpoint()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, CredentialsJson("AKIDCONTAINER", null));
        using var chain = AwsCredentialsProviderChain.CreateDefault(handler, Env.Of(("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c")));

        Assert.Equal("AKIDCONTAINER", (await chain.GetCredentialsAsync()).AccessKeyId);
        Assert.Equal("AKIDCONTAINER", (await chain.GetCredentialsAsync()).AccessKeyId);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task Default_chain_without_any_source_says_what_it_tried()
    {
        using var chain = AwsCredentialsProviderChain.CreateDefault(FakeHandler.Always(HttpStatusCode.OK), Env.Of());

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await chain.GetCredentialsAsync());

        Assert.Contains("AWS_ACCESS_KEY_ID", error.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_signs_with_the_default_chain_from_its_environment()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, """{"Operations":[]}""");
        using var client = new LambdaDurableClient(new LambdaDurableClientOptions
        {
            HttpMessageHandler = handler,
            GetEnvironmentVariable = Env.Of(
                ("AWS_REGION", "eu-central-1"),
                ("AWS_ACCESS_KEY_ID", "AKIDFROMENV"),
                ("AWS_SECRET_ACCESS_KEY", "secret"),
                ("AWS_SESSION_TOKEN", "tok")),
            TimeProvider = new TestTimeProvider(Now),
        });

        await client.GetDurableExecutionStateAsync(new GetDurableExecutionStateRequest { DurableExecutionArn = "a", CheckpointToken = "t" });

        Assert.Equal("https://lambda.eu-central-1.amazonaws.com/2025-12-01/durable-executions/a/state?CheckpointToken=t", handler.Single.Uri.AbsoluteUri);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDFROMENV/20250601/eu-central-1/lambda/aws4_request", handler.Single.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("tok", handler.Single.Header("X-Amz-Security-Token"));
    }

    [Theory]
    [InlineData("us-east-2", "eu-west-1", "us-east-2")]
    [InlineData(null, "eu-west-1", "eu-west-1")]
    [InlineData("", "eu-west-1", "eu-west-1")]
    [InlineData(null, null, null)]
    public void Region_comes_from_AWS_REGION_then_AWS_DEFAULT_REGION(string? region, string? defaultRegion, string? expected)
    {
        Assert.Equal(expected, AwsEnvironment.ResolveRegion(Env.Of(("AWS_REGION", region), ("AWS_DEFAULT_REGION", defaultRegion))));
    }

    [Fact]
    public void Client_without_a_region_refuses_to_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new LambdaDurableClient(new LambdaDurableClientOptions
        {
            GetEnvironmentVariable = Env.Of(),
            CredentialsProvider = new StaticCredentialsProvider("a", "b"),
        }));

        Assert.Contains("AWS_REGION", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_region_option_wins_over_the_environment()
    {
        using var client = new LambdaDurableClient(new LambdaDurableClientOptions
        {
            Region = "ap-south-1",
            GetEnvironmentVariable = Env.Of(("AWS_REGION", "us-east-1")),
            CredentialsProvider = new StaticCredentialsProvider("a", "b"),
        });

        Assert.Equal("ap-south-1", client.Region);
        Assert.Equal(new Uri("https://lambda.ap-south-1.amazonaws.com"), client.Endpoint);
    }

    [Theory]
    [InlineData("http://localhost:9014", "http://localhost:4566", "http://localhost:9014/")]
    [InlineData(null, "http://localhost:4566", "http://localhost:4566/")]
    [InlineData("", "", "https://lambda.us-west-2.amazonaws.com/")]
    public void Endpoint_comes_from_the_lambda_variable_then_the_global_one_then_the_region(string? lambda, string? global, string expected)
    {
        var endpoint = AwsEnvironment.ResolveLambdaEndpoint(
            "us-west-2", Env.Of(("AWS_ENDPOINT_URL_LAMBDA", lambda), ("AWS_ENDPOINT_URL", global)));

        Assert.Equal(expected, endpoint.AbsoluteUri);
    }

    [Fact]
    public void Endpoint_variables_are_ignored_when_configured_endpoints_are_turned_off()
    {
        var endpoint = AwsEnvironment.ResolveLambdaEndpoint("us-west-2", Env.Of(
            ("AWS_ENDPOINT_URL_LAMBDA", "http://localhost:9014"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")));

        Assert.Equal(new Uri("https://lambda.us-west-2.amazonaws.com"), endpoint);
    }

    [Fact]
    public void China_regions_use_their_own_domain()
    {
        Assert.Equal(new Uri("https://lambda.cn-north-1.amazonaws.com.cn"), AwsEnvironment.DefaultLambdaEndpoint("cn-north-1"));
    }

    [Fact]
    public void Invalid_endpoint_variable_or_region_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() =>
            AwsEnvironment.ResolveLambdaEndpoint("us-west-2", Env.Of(("AWS_ENDPOINT_URL", "localhost:9014"))));
        Assert.Throws<ArgumentException>(() => AwsEnvironment.DefaultLambdaEndpoint("us-west-2.evil.com/"));
    }

    [Fact]
    public void Client_endpoint_option_and_environment_precedence()
    {
        var credentials = new StaticCredentialsProvider("a", "b");
        using var fromEnv = new LambdaDurableClient(new LambdaDurableClientOptions
        {
            GetEnvironmentVariable = Env.Of(("AWS_DEFAULT_REGION", "us-west-2"), ("AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:9014")),
            CredentialsProvider = credentials,
        });
        using var fromOption = new LambdaDurableClient(new LambdaDurableClientOptions
        {
            Endpoint = new Uri("http://127.0.0.1:7000"),
            GetEnvironmentVariable = Env.Of(("AWS_DEFAULT_REGION", "us-west-2"), ("AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:9014")),
            CredentialsProvider = credentials,
        });

        Assert.Equal(new Uri("http://127.0.0.1:9014"), fromEnv.Endpoint);
        Assert.Equal("us-west-2", fromEnv.Region);
        Assert.Equal(new Uri("http://127.0.0.1:7000"), fromOption.Endpoint);
    }
}
