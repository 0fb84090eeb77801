using Durable.Hosting;

namespace Durable.Runtime.Tests.Support;

/// <summary>Builds handlers from workflow bodies that ignore their input.</summary>
internal static class Workflows
{
    /// <summary>Options whose metadata covers the tests' payload types.</summary>
    public static DurableFunctionOptions Options { get; } = new() { SerializerOptions = DurableJson.CreateOptions(TestJsonContext.Default) };

    public static DurableFunctionHandler Of<T>(Func<IDurableContext, Task<T>> body, DurableFunctionOptions? options = null) =>
        DurableFunction.Create<string?, T>((_, context) => body(context), options ?? Options);

    public static T Throw<T>(Exception exception) => throw exception;
}
