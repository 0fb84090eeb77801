using System.Text;
using Durable.Client.Http;

namespace Durable.Client.Tests;

/// <summary>
/// AWS's published Signature Version 4 test suite ("aws-sig-v4-test-suite": region us-east-1, service "service",
/// AKIDEXAMPLE, 2015-08-30T12:36:00Z). Each case is transcribed as data: the request as the suite gives it and the
/// expected canonical request, hash of the canonical request (last line of the string to sign) and signature.
/// The paths are the suite's request-line paths; the signer encodes them once, which for a wire path that is
/// already percent-encoded is the non-S3 "encode twice" rule (see <see cref="SigV4LambdaTests"/>).
/// </summary>
public sealed class SigV4TestSuiteTests
{
    private const string Unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string AmzDate = "20150830T123600Z";
    private const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string FormBodyHash = "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e";

    internal const string StsToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

    private static readonly DateTimeOffset SigningTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    private static readonly AwsCredentials Credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    /// <summary>One case of the suite.</summary>
    public sealed record Vector(
        string Name,
        string Method,
        string Path,
        string Query,
        (string Name, string Value)[] Headers,
        string Body,
        string CanonicalRequest,
        string CanonicalRequestHash,
        string SignedHeaders,
        string Signature,
        bool ExpressibleAsHttpRequest = true,
        string? SessionToken = null);

    private static (string, string)[] Basic => [("Host", "example.amazonaws.com"), ("X-Amz-Date", AmzDate)];

    private static string Creq(string method, string path, string query, string headers, string signed, string hash = EmptyHash) =>
        $"{method}\n{path}\n{query}\n{headers}\n{signed}\n{hash}";

    private const string BasicHeaders = "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n";

    public static readonly IReadOnlyDictionary<string, Vector> Vectors = new Vector[]
    {
        new("get-vanilla", "GET", "/", "", Basic, "",
            Creq("GET", "/", "", BasicHeaders, "host;x-amz-date"),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63", "host;x-amz-date",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        new("get-vanilla-query", "GET", "/", "", Basic, "",
            Creq("GET", "/", "", BasicHeaders, "host;x-amz-date"),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63", "host;x-amz-date",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        new("get-vanilla-empty-query-key", "GET", "/", "Param1=value1", Basic, "",
            Creq("GET", "/", "Param1=value1", BasicHeaders, "host;x-amz-date"),
            "1e24db194ed7d0eec2de28d7369675a243488e08526e8c1c73571282f7c517ab", "host;x-amz-date",
            "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"),
        new("get-vanilla-query-order-key", "GET", "/", "Param1=value2&Param1=Value1", Basic, "",
            Creq("GET", "/", "Param1=Value1&Param1=value2", BasicHeaders, "host;x-amz-date"),
            "704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89", "host;x-amz-date",
            "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"),
        new("get-vanilla-query-order-key-case", "GET", "/", "Param2=value2&Param1=value1", Basic, "",
            Creq("GET", "/", "Param1=value1&Param2=value2", BasicHeaders, "host;x-amz-date"),
            "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0", "host;x-amz-date",
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        new("get-vanilla-query-order-value", "GET", "/", "Param1=value2&Param1=value1", Basic, "",
            Creq("GET", "/", "Param1=value1&Param1=value2", BasicHeaders, "host;x-amz-date"),
            "c968629d70850097a2d8781c9bf7edcb988b04cac14cca9be4acc3595f884606", "host;x-amz-date",
            "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"),
        new("get-vanilla-query-unreserved", "GET", "/", $"{Unreserved}={Unreserved}", Basic, "",
            Creq("GET", "/", $"{Unreserved}={Unreserved}", BasicHeaders, "host;x-amz-date"),
            "c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177", "host;x-amz-date",
            "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
        new("get-vanilla-utf8-query", "GET", "/", "\u1234=bar", Basic, "",
            Creq("GET", "/", "%E1%88%B4=bar", BasicHeaders, "host;x-amz-date"),
            "eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073", "host;x-amz-date",
            "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
        new("get-unreserved", "GET", "/" + Unreserved, "", Basic, "",
            Creq("GET", "/" + Unreserved, "", BasicHeaders, "host;x-amz-date"),
            "6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9", "host;x-amz-date",
            "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
        new("get-utf8", "GET", "/\u1234", "", Basic, "",
            Creq("GET", "/%E1%88%B4", "", BasicHeaders, "host;x-amz-date"),
            "2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102", "host;x-amz-date",
            "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85",
            ExpressibleAsHttpRequest: false),
        new("get-space", "GET", "/example space/", "", Basic, "",
            Creq("GET", "/example%20space/", "", BasicHeaders, "host;x-amz-date"),
            "63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86", "host;x-amz-date",
            "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741",
            ExpressibleAsHttpRequest: false),
        new("get-relative", "GET", "/example/..", "", Basic, "",
            Creq("GET", "/", "", BasicHeaders, "host;x-amz-date"),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63", "host;x-amz-date",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            ExpressibleAsHttpRequest: false),
        new("get-relative-relative", "GET", "/example1/example2/../..", "", Basic, "",
            Creq("GET", "/", "", BasicHeaders, "host;x-amz-date"),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63", "host;x-amz-date",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            ExpressibleAsHttpRequest: false),
        new("get-slash", "GET", "//", "", Basic, "",
            Creq("GET", "/", "", BasicHeaders, "host;x-amz-date"),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63", "host;x-amz-date",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            ExpressibleAsHttpRequest: false),
        new("get-slash-dot-slash", "GET", "/./", "", Basic, "",
            Creq("GET", "/", "", BasicHeaders, "host;x-amz-date"),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63", "host;x-amz-date",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            ExpressibleAsHttpRequest: false),
        new("get-slash-pointless-dot", "GET", "/./example", "", Basic, "",
            Creq("GET", "/example", "", BasicHeaders, "host;x-amz-date"),
            "214d50c111a8edc4819da6a636336472c916b5240f51e9a51b5c3305180cf702", "host;x-amz-date",
            "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5",
            ExpressibleAsHttpRequest: false),
        new("get-slashes", "GET", "//example//", "", Basic, "",
            Creq("GET", "/example/", "", BasicHeaders, "host;x-amz-date"),
            "cb96b4ac96d501f7c5c15bc6d67b3035061cfced4af6585ad927f7e6c985c015", "host;x-amz-date",
            "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84",
            ExpressibleAsHttpRequest: false),
        new("get-header-key-duplicate", "GET", "/", "",
            [("Host", "example.amazonaws.com"), ("My-Header1", "value2"), ("My-Header1", "value2"), ("My-Header1", "value1"), ("X-Amz-Date", AmzDate)],
            "",
            Creq("GET", "/", "", "host:example.amazonaws.com\nmy-header1:value2,value2,value1\nx-amz-date:20150830T123600Z\n", "host;my-header1;x-amz-date"),
            "dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c", "host;my-header1;x-amz-date",
            "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
        new("get-header-value-order", "GET", "/", "",
            [("Host", "example.amazonaws.com"), ("My-Header1", "value4"), ("My-Header1", "value1"), ("My-Header1", "value3"), ("My-Header1", "value2"), ("X-Amz-Date", AmzDate)],
            "",
            Creq("GET", "/", "", "host:example.amazonaws.com\nmy-header1:value4,value1,value3,value2\nx-amz-date:20150830T123600Z\n", "host;my-header1;x-amz-date"),
            "31ce73cd3f3d9f66977ad3dd957dc47af14df92fcd8509f59b349e9137c58b86", "host;my-header1;x-amz-date",
            "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
        new("get-header-value-trim", "GET", "/", "",
            [("Host", "example.amazonaws.com"), ("My-Header1", " value1"), ("My-Header2", " \"a   b   c\""), ("X-Amz-Date", AmzDate)],
            "",
            Creq("GET", "/", "", "host:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n", "host;my-header1;my-header2;x-amz-date"),
            "a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7", "host;my-header1;my-header2;x-amz-date",
            "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
        new("post-vanilla", "POST", "/", "", Basic, "",
            Creq("POST", "/", "", BasicHeaders, "host;x-amz-date"),
            "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87", "host;x-amz-date",
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        new("post-header-key-case", "POST", "/", "", Basic, "",
            Creq("POST", "/", "", BasicHeaders, "host;x-amz-date"),
            "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87", "host;x-amz-date",
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        new("post-vanilla-query", "POST", "/", "Param1=value1", Basic, "",
            Creq("POST", "/", "Param1=value1", BasicHeaders, "host;x-amz-date"),
            "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd", "host;x-amz-date",
            "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
        new("post-vanilla-empty-query-value", "POST", "/", "Param1=value1", Basic, "",
            Creq("POST", "/", "Param1=value1", BasicHeaders, "host;x-amz-date"),
            "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd", "host;x-amz-date",
            "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
        new("post-header-key-sort", "POST", "/", "",
            [("Host", "example.amazonaws.com"), ("My-Header1", "value1"), ("X-Amz-Date", AmzDate)],
            "",
            Creq("POST", "/", "", "host:example.amazonaws.com\nmy-header1:value1\nx-amz-date:20150830T123600Z\n", "host;my-header1;x-amz-date"),
            "9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65", "host;my-header1;x-amz-date",
            "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
        new("post-header-value-case", "POST", "/", "",
            [("Host", "example.amazonaws.com"), ("My-Header1", "VALUE1"), ("X-Amz-Date", AmzDate)],
            "",
            Creq("POST", "/", "", "host:example.amazonaws.com\nmy-header1:VALUE1\nx-amz-date:20150830T123600Z\n", "host;my-header1;x-amz-date"),
            "d51ced243e649e3de6ef63afbbdcbca03131a21a7103a1583706a64618606a93", "host;my-header1;x-amz-date",
            "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
        new("post-x-www-form-urlencoded", "POST", "/", "",
            [("Content-Type", "application/x-www-form-urlencoded"), ("Host", "example.amazonaws.com"), ("X-Amz-Date", AmzDate)],
            "Param1=value1",
            Creq("POST", "/", "", "content-type:application/x-www-form-urlencoded\n" + BasicHeaders, "content-type;host;x-amz-date", FormBodyHash),
            "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281", "content-type;host;x-amz-date",
            "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
        new("post-x-www-form-urlencoded-parameters", "POST", "/", "",
            [("Content-Type", "application/x-www-form-urlencoded; charset=utf8"), ("Host", "example.amazonaws.com"), ("X-Amz-Date", AmzDate)],
            "Param1=value1",
            Creq("POST", "/", "", "content-type:application/x-www-form-urlencoded; charset=utf8\n" + BasicHeaders, "content-type;host;x-amz-date", FormBodyHash),
            "2e1cf7ed91881a30569e46552437e4156c823447bf1781b921b5d486c568dd1c", "content-type;host;x-amz-date",
            "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"),
        new("post-sts-header-before", "POST", "/", "",
            [("Host", "example.amazonaws.com"), ("X-Amz-Date", AmzDate), ("X-Amz-Security-Token", StsToken)],
            "",
            Creq("POST", "/", "", BasicHeaders + "x-amz-security-token:" + StsToken + "\n", "host;x-amz-date;x-amz-security-token"),
            "c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6", "host;x-amz-date;x-amz-security-token",
            "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead",
            SessionToken: StsToken),
        // The token is added after signing, so it is not signed: the same signature as post-vanilla.
        new("post-sts-header-after", "POST", "/", "", Basic, "",
            Creq("POST", "/", "", BasicHeaders, "host;x-amz-date"),
            "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87", "host;x-amz-date",
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
            ExpressibleAsHttpRequest: false),
    }.ToDictionary(v => v.Name);

    public static TheoryData<string> AllNames => new(Vectors.Keys);

    public static TheoryData<string> HttpRequestNames => new(Vectors.Values.Where(v => v.ExpressibleAsHttpRequest).Select(v => v.Name));

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Vector_canonical_request_string_to_sign_and_authorization_match(string name)
    {
        var vector = Vectors[name];
        var signer = new SigV4Signer("us-east-1", "service");
        var headers = vector.Headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value));
        var credentials = vector.SessionToken is null
            ? Credentials
            : new AwsCredentials(Credentials.AccessKeyId, Credentials.SecretAccessKey, vector.SessionToken);

        var result = signer.ComputeSignature(
            vector.Method,
            vector.Path,
            vector.Query,
            headers,
            SigV4Signer.HexSha256(Encoding.UTF8.GetBytes(vector.Body)),
            credentials,
            SigningTime);

        Assert.Equal(vector.CanonicalRequest, result.CanonicalRequest);
        Assert.Equal(ExpectedStringToSign(vector), result.StringToSign);
        Assert.Equal(vector.Signature, result.Signature);
        Assert.Equal(ExpectedAuthorization(vector), result.Authorization);
    }

    [Theory]
    [MemberData(nameof(HttpRequestNames))]
    public void Vector_signed_as_an_HttpRequestMessage_gets_the_published_Authorization_header(string name)
    {
        var vector = Vectors[name];
        var uri = new Uri("https://example.amazonaws.com" + vector.Path + (vector.Query.Length > 0 ? "?" + vector.Query : ""));
        using var request = new HttpRequestMessage(new HttpMethod(vector.Method), uri);
        foreach (var (header, value) in vector.Headers)
        {
            if (header is "Host" or "X-Amz-Date" or "X-Amz-Security-Token")
            {
                continue; // The signer sets these from the URI, the clock and the credentials.
            }

            if (header == "Content-Type")
            {
                continue;
            }

            request.Headers.TryAddWithoutValidation(header, value);
        }

        if (vector.Body.Length > 0)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(vector.Body));
            var contentType = vector.Headers.Single(h => h.Name == "Content-Type").Value;
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var credentials = vector.SessionToken is null
            ? Credentials
            : new AwsCredentials(Credentials.AccessKeyId, Credentials.SecretAccessKey, vector.SessionToken);
        var signer = new SigV4Signer("us-east-1", "service", new TestTimeProvider(SigningTime));

        var result = signer.Sign(request, credentials, Encoding.UTF8.GetBytes(vector.Body));

        Assert.Equal(vector.CanonicalRequest, result.CanonicalRequest);
        Assert.Equal(ExpectedAuthorization(vector), Assert.Single(request.Headers.GetValues("Authorization")));
        Assert.Equal(AmzDate, Assert.Single(request.Headers.GetValues("X-Amz-Date")));
        Assert.Equal("example.amazonaws.com", request.Headers.Host);
        if (vector.SessionToken is not null)
        {
            Assert.Equal(vector.SessionToken, Assert.Single(request.Headers.GetValues("X-Amz-Security-Token")));
        }
    }

    [Fact]
    public async Task SignAsync_hashes_the_content_it_reads()
    {
        var vector = Vectors["post-x-www-form-urlencoded"];
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://example.amazonaws.com/");
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(vector.Body));
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
        var signer = new SigV4Signer("us-east-1", "service", new TestTimeProvider(SigningTime));

        var result = await signer.SignAsync(request, Credentials);

        Assert.Equal(vector.Signature, result.Signature);
    }

    [Fact]
    public void Signing_again_replaces_the_previous_signature_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/");
        var signer = new SigV4Signer("us-east-1", "service", new TestTimeProvider(SigningTime));
        signer.Sign(request, new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "token"), []);

        var result = signer.Sign(request, Credentials, []);

        Assert.Equal(Vectors["get-vanilla"].Signature, result.Signature);
        Assert.Single(request.Headers.GetValues("Authorization"));
        Assert.False(request.Headers.Contains("X-Amz-Security-Token"));
    }

    [Fact]
    public void Content_sha256_header_is_added_and_signed_when_asked()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/");
        var signer = new SigV4Signer("us-east-1", "service", new TestTimeProvider(SigningTime)) { AddContentSha256Header = true };

        var result = signer.Sign(request, Credentials, []);

        Assert.Equal(EmptyHash, Assert.Single(request.Headers.GetValues("X-Amz-Content-Sha256")));
        Assert.Equal("host;x-amz-content-sha256;x-amz-date", result.SignedHeaders);
        Assert.Contains("x-amz-content-sha256:" + EmptyHash + "\n", result.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void User_agent_and_content_length_are_not_signed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://example.amazonaws.com/");
        request.Headers.TryAddWithoutValidation("User-Agent", "durable-dotnet/1.0");
        request.Content = new ByteArrayContent([]);
        request.Content.Headers.ContentLength = 0;
        var signer = new SigV4Signer("us-east-1", "service", new TestTimeProvider(SigningTime));

        var result = signer.Sign(request, Credentials, []);

        Assert.Equal(Vectors["post-vanilla"].Signature, result.Signature);
    }

    [Fact]
    public void Signature_record_does_not_print_its_secrets()
    {
        var signer = new SigV4Signer("us-east-1", "service");
        var result = signer.ComputeSignature(
            "GET", "/", "", [new("host", "example.amazonaws.com"), new("x-amz-date", AmzDate), new("x-amz-security-token", "TOKEN")],
            EmptyHash, new AwsCredentials("AKIDEXAMPLE", "SECRET", "TOKEN"), SigningTime);

        var text = result.ToString();

        Assert.DoesNotContain(result.Signature, text, StringComparison.Ordinal);
        Assert.DoesNotContain("TOKEN", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", new AwsCredentials("AKIDEXAMPLE", "SECRET", "TOKEN").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("TOKEN", new AwsCredentials("AKIDEXAMPLE", "SECRET", "TOKEN").ToString(), StringComparison.Ordinal);
    }

    private static string ExpectedStringToSign(Vector vector) =>
        $"AWS4-HMAC-SHA256\n{AmzDate}\n20150830/us-east-1/service/aws4_request\n{vector.CanonicalRequestHash}";

    private static string ExpectedAuthorization(Vector vector) =>
        $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders={vector.SignedHeaders}, Signature={vector.Signature}";
}
