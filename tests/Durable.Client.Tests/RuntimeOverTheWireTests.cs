using System.Net;
using Durable.Client;
using Durable.Client.Http;
using Durable.Hosting;
using Durable.Protocol;

namespace Durable.Client.Tests;

/// <summary>
/// The runtime checkpointing through <see cref="LambdaDurableClient"/> when the service answers a checkpoint with an
/// error, byte for byte as Lambda sends it: a rejected security token and other 4xx fail the execution (the handler
/// returns FAILED), while a stale checkpoint token, a throttle (429) and a 5xx are thrown out of the handler so
/// Lambda retries the invocation (protocol §4.6). None of them is resent by the client itself.
/// </summary>
public class RuntimeOverTheWireTests
{
    private const string Arn = "arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/run-1/0b6f";

    public static TheoryData<int, string, string, bool> Answers => new()
    {
        { 403, "UnrecognizedClientException", """{"Type":"User","message":"The security token included in the request is invalid."}""", true },
        { 403, "InvalidSignatureException", """{"Type":"User","message":"The request signature we calculated does not match the signature you provided."}""", true },
        { 400, "InvalidParameterValueException", """{"Type":"User","message":"Inconsistent operation type/subtype/name/parent operation id."}""", true },
        { 400, "InvalidParameterValueException", """{"Type":"User","message":"Invalid Checkpoint Token: the token was already used."}""", false },
        { 429, "TooManyRequestsException", """{"Type":"User","message":"Rate exceeded","Reason":"CallerRateLimitExceeded"}""", false },
        { 500, "ServiceException", """{"Type":"Service","Message":"internal error"}""", false },
        { 503, "ServiceUnavailableException", "", false },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task A_checkpoint_error_on_the_wire_ends_the_invocation_as_section_4_6_says(int status, string errorType, string body, bool permanent)
    {
        var handler = new FakeHandler((request, _) => Respond.Json((HttpStatusCode)status, body, ("x-amzn-ErrorType", errorType), ("Retry-After", "1")));
        using var client = new LambdaDurableClient(new LambdaDurableClientOptions
        {
            HttpMessageHandler = handler,
            Endpoint = new Uri("https://lambda.us-east-1.amazonaws.com"),
            Region = "us-east-1",
            CredentialsProvider = new StaticCredentialsProvider("AKIDEXAMPLE", "secret"),
            Retry = new LambdaRetryOptions { Jitter = () => 0 },
        });
        var function = DurableFunction.Create<string, string>(async (_, ctx) =>
            await ctx.StepAsync(_ => "done", "only-step", new StepConfig { Semantics = StepSemantics.AtMostOncePerRetry }));
        var envelope = new DurableExecutionInvocationInput
        {
            DurableExecutionArn = Arn,
            CheckpointToken = "AAAA",
            InitialExecutionState = new InitialExecutionState
            {
                Operations = [new Operation { Id = "0b6f", Type = OperationType.Execution, Status = OperationStatus.Started, ExecutionDetails = new ExecutionDetails { InputPayload = "\"x\"" } }],
            },
        };

        if (permanent)
        {
            var output = await function.InvokeAsync(envelope, client);
            Assert.Equal(InvocationStatus.Failed, output.Status);
            Assert.Equal(errorType, output.Error!.ErrorType);
        }
        else
        {
            var thrown = await Assert.ThrowsAnyAsync<Exception>(() => function.InvokeAsync(envelope, client));
            var service = Assert.IsType<DurableServiceException>(thrown);
            Assert.Equal(errorType, service.ErrorCode);
            Assert.False(ServiceErrorClassifier.IsPermanent(service));
        }

        Assert.Equal(1, handler.Requests.Count(r => r.PathAndQuery.EndsWith("/checkpoint", StringComparison.Ordinal)));
    }
}
