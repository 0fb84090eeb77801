using System.Text.Json.Serialization;

namespace Durable.Generators.Tests.Workflows;

[JsonPolymorphic]
[JsonDerivedType(typeof(Card), "card")]
[JsonDerivedType(typeof(Transfer), "transfer")]
public abstract record PaymentMethod;

public sealed record Card(string Last4) : PaymentMethod;

public sealed record Transfer(string Iban) : PaymentMethod;

/// <summary>The escape hatch: polymorphic payloads, which the generator leaves to System.Text.Json's generator.</summary>
[JsonSerializable(typeof(PaymentMethod))]
internal sealed partial class PaymentJsonContext : JsonSerializerContext;

/// <summary>A static workflow whose payload is described only by the user's context.</summary>
[DurableWorkflow(JsonContext = typeof(PaymentJsonContext))]
public static partial class PaymentWorkflow
{
    public static async Task<PaymentMethod> RunAsync(PaymentMethod method, IDurableContext context) =>
        await Steps.EchoAsync(method);

    [DurableStep]
    private static PaymentMethod Echo(PaymentMethod method) => method;
}

/// <summary>A workflow without a result, with a parameterless constructor (no services needed).</summary>
[DurableWorkflow]
public sealed partial class NotifyWorkflow
{
    public static IReadOnlyList<string> Sent => s_sent;

    private static readonly List<string> s_sent = [];

    public async Task RunAsync(IReadOnlyList<string> recipients, IDurableContext context)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        foreach (var recipient in recipients)
        {
            await Steps.SendAsync(recipient);
        }
    }

    [DurableStep]
    private static void Send(string recipient)
    {
        lock (s_sent)
        {
            s_sent.Add(recipient);
        }
    }
}
