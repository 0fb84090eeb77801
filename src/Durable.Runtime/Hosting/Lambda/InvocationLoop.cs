using Durable.Client;
using Durable.Hosting;

namespace Durable.Hosting.Lambda;

/// <summary>
/// The Runtime API loop: next event, one durable invocation, response or error. Nothing about one bad event stops
/// the loop; only a Runtime API that says the sandbox is broken (500) or stays unreachable ends it, with an exit
/// code and a message rather than an unhandled exception.
/// </summary>
internal sealed class InvocationLoop(LambdaRuntimeApi api, DurableFunctionHandler handler, IDurableExecutionClient client, DurableLambdaHostOptions options, TextWriter diagnostics)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var unreachableSince = (DateTimeOffset?)null;
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ServeOneAsync(cancellationToken).ConfigureAwait(false);
                unreachableSince = null;
                backoff = TimeSpan.FromMilliseconds(100);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
            catch (RuntimeApiException ex) when (ex.IsFatal)
            {
                await diagnostics.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return 1;
            }
            catch (RuntimeApiException ex)
            {
                // Unreachable or an answer that cannot be used: retry with back-off for a while, then give up so the
                // platform can replace the sandbox (a hot loop would only burn the invocation's time).
                var now = DateTimeOffset.UtcNow;
                unreachableSince ??= now;
                if (now - unreachableSince > options.RuntimeApiPatience)
                {
                    await diagnostics.WriteLineAsync($"{ex.Message} Giving up after {options.RuntimeApiPatience.TotalSeconds:0} s.").ConfigureAwait(false);
                    return 1;
                }

                await diagnostics.WriteLineAsync(ex.Message).ConfigureAwait(false);
                try
                {
                    await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return 0;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }

        return 0;
    }

    private async Task ServeOneAsync(CancellationToken cancellationToken)
    {
        LambdaInvocation invocation;
        try
        {
            invocation = await api.NextAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OversizeEventException ex)
        {
            await diagnostics.WriteLineAsync(ex.Message).ConfigureAwait(false);
            await api.ReportInvocationErrorAsync(ex.RequestId, LambdaError.From(ex, "Runtime.PayloadTooLarge"), cancellationToken).ConfigureAwait(false);
            return;
        }

        // As Lambda's own runtimes do, so tracing SDKs in user code find the invocation's trace header.
        Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", invocation.TraceId);
        byte[] output;
        try
        {
            output = await handler.InvokeAsync(
                invocation.Payload,
                client,
                new DurableInvocationInfo { RequestId = invocation.RequestId, Deadline = invocation.Deadline, TraceId = invocation.TraceId },
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Not a workflow failure (those are in the output): a bad envelope or a transient service error. Report
            // it as the invocation's error; the service retries the invocation.
            await diagnostics.WriteLineAsync($"Invocation {invocation.RequestId} failed: {ex.GetType().FullName}: {ex.Message}").ConfigureAwait(false);
            await api.ReportInvocationErrorAsync(invocation.RequestId, LambdaError.From(ex), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!await api.RespondAsync(invocation.RequestId, output, cancellationToken).ConfigureAwait(false))
        {
            var message = $"The response of invocation {invocation.RequestId} ({output.Length} bytes) is larger than the Runtime API accepts.";
            await diagnostics.WriteLineAsync(message).ConfigureAwait(false);
            await api.ReportInvocationErrorAsync(invocation.RequestId, new LambdaError("Function.ResponseSizeTooLarge", message, []), cancellationToken).ConfigureAwait(false);
        }
    }
}
