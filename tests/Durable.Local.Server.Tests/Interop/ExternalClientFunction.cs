using System.Text.Json;
using Durable.Local.Functions;
using Durable.Protocol;

namespace Durable.Local.Server.Tests.Interop;

/// <summary>
/// A durable function whose invocation is an AWS client run as a process: it receives the execution ARN and the
/// checkpoint token, reads state and checkpoints over the HTTP front as an SDK would, and its JSON report becomes the
/// execution's result.
/// </summary>
internal sealed class ExternalClientFunction(Func<string, string, Task<ToolResult>> run) : ILocalFunctionInvoker
{
    public bool IsDurable => true;

    public async Task<LocalInvocationResult> InvokeAsync(LocalInvocationRequest request, CancellationToken cancellationToken)
    {
        var envelope = request.Envelope ?? throw new InvalidOperationException("A durable invocation has an envelope.");
        var result = await run(envelope.DurableExecutionArn!, envelope.CheckpointToken!);
        if (result.ExitCode != 0)
        {
            return LocalInvocationResult.Failed(new ErrorObject { ErrorType = "ExternalClient.Failed", ErrorMessage = result.ToString() });
        }

        var report = result.StandardOutput.Trim().Split('\n')[^1];
        using var _ = JsonDocument.Parse(report); // the report must be JSON
        return LocalInvocationResult.Returned(new DurableExecutionInvocationOutput { Status = InvocationStatus.Succeeded, Result = report });
    }
}
