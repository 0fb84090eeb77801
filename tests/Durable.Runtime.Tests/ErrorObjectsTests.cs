using Durable.Execution;
using Durable.Protocol;

namespace Durable.Runtime.Tests;

/// <summary>Mapping exceptions to the protocol's error object: what replay rebuilds, and the service's size limit.</summary>
public class ErrorObjectsTests
{
    [Fact]
    public void An_exception_contributes_its_full_type_name_message_and_stack_trace()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("no stock");
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }

        var error = ErrorObjects.FromException(thrown);
        Assert.Equal("System.InvalidOperationException", error.ErrorType);
        Assert.Equal("no stock", error.ErrorMessage);
        Assert.Contains(error.StackTrace!, frame => frame.Contains(nameof(An_exception_contributes_its_full_type_name_message_and_stack_trace), StringComparison.Ordinal));
    }

    [Fact]
    public void A_replayed_durable_error_keeps_its_original_type_and_data()
    {
        var original = new ErrorObject { ErrorType = "Payments.CardDeclined", ErrorMessage = "declined", ErrorData = "{\"code\":51}", StackTrace = ["at Pay()"] };
        var error = ErrorObjects.FromException(new StepException("declined", original, "id", "pay"));
        Assert.Equal("Payments.CardDeclined", error.ErrorType);
        Assert.Equal("{\"code\":51}", error.ErrorData);
        Assert.Equal(["at Pay()"], error.StackTrace);
    }

    [Fact]
    public void Oversized_errors_are_cut_below_the_service_limit_keeping_the_start_of_the_message()
    {
        var error = ErrorObjects.Truncate(new ErrorObject
        {
            ErrorType = "Big",
            ErrorMessage = "important: " + new string('m', 100_000),
            ErrorData = new string('d', 100_000),
            StackTrace = Enumerable.Range(0, 5_000).Select(i => $"at Frame{i}()").ToList(),
        });
        Assert.True(ProtocolJson.SerializeToUtf8Bytes(error).Length < 32_768);
        Assert.StartsWith("important: ", error.ErrorMessage, StringComparison.Ordinal);
        Assert.EndsWith("[truncated]", error.ErrorMessage, StringComparison.Ordinal);
    }
}
