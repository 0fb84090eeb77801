using Durable.Protocol;

namespace Durable.Execution;

/// <summary>Durable waits (protocol §9.3): a synchronous START with the duration, then suspension until the timer fires.</summary>
internal sealed partial class DurableContext
{
    public async Task WaitAsync(TimeSpan duration, string? name = null, CancellationToken cancellationToken = default)
    {
        var seconds = ToWaitSeconds(duration);
        var slot = NextOperation();
        var recorded = await RecordedMatchingAsync(slot, OperationType.Wait, OperationSubTypes.Wait, name).ConfigureAwait(false);
        if (recorded is null)
        {
            var start = NewUpdate(slot, OperationType.Wait, OperationSubTypes.Wait, name, OperationAction.Start);
            start.WaitOptions = new WaitOptions { WaitSeconds = seconds };
            await Runtime.Checkpoints.CheckpointAsync(start, waitForAcknowledgement: true).ConfigureAwait(false);
        }

        while (true)
        {
            recorded = await RecordedAsync(slot).ConfigureAwait(false);
            switch (recorded?.Status)
            {
                case OperationStatus.Succeeded:
                    return;
                case null:
                case OperationStatus.Started:
                    // The service stamps SUCCEEDED when the timer fires and invokes again; nothing to do in-process.
                    await Runtime.WaitForOperationAsync(slot.Id, static op => op is not null && op.Status != OperationStatus.Started, cancellationToken, recorded?.WaitDetails?.ScheduledEndTimestamp).ConfigureAwait(false);
                    continue;
                default:
                    await FailUnexpectedStatus<bool>(recorded).ConfigureAwait(false);
                    return;
            }
        }
    }

    /// <summary>Whole seconds, rounded up, within the service's 1 s .. 366 days.</summary>
    internal static int ToWaitSeconds(TimeSpan duration)
    {
        var seconds = Math.Ceiling(duration.TotalSeconds);
        if (seconds < 1 || seconds > MaxDelaySeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, $"A durable wait lasts from 1 second to {MaxDelaySeconds} seconds (366 days).");
        }

        return (int)seconds;
    }
}
