namespace Durable.Conformance.Driver;

/// <summary>
/// The C# handler of one conformance requirement: registers the function under test (and any targets) the way
/// the requirement's <c>handler</c> text describes. One class per requirement, found by <see cref="RequirementAttribute"/>.
/// </summary>
internal abstract class RequirementHandler
{
    /// <summary>Why this requirement cannot run here yet; null when it can.</summary>
    public virtual string? NotImplementedReason => null;

    /// <summary>True when the requirement needs a real process (it crashes it): it always runs out of process.</summary>
    public virtual bool RequiresProcess => false;

    /// <summary>Registers <see cref="ConformanceEnvironment.FunctionUnderTest"/> (and targets) on the environment.</summary>
    public abstract void Register(ConformanceEnvironment environment);
}

/// <summary>Links a handler class to the requirement it implements.</summary>
/// <param name="id">The requirement ID, e.g. <c>1-13</c>.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
internal sealed class RequirementAttribute(string id) : Attribute
{
    public string Id { get; } = id;
}

/// <summary>Finds handlers by requirement ID (reflection over this assembly; a test tool, never trimmed).</summary>
internal static class HandlerCatalog
{
    private static readonly Lazy<IReadOnlyDictionary<string, Type>> Handlers = new(() =>
        typeof(HandlerCatalog).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(RequirementHandler).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes(typeof(RequirementAttribute), false).Cast<RequirementAttribute>().Select(a => (a.Id, Type: t)))
            .ToDictionary(x => x.Id, x => x.Type, StringComparer.Ordinal));

    public static IReadOnlyCollection<string> Ids => Handlers.Value.Keys.ToList();

    public static RequirementHandler? Create(string id) =>
        Handlers.Value.TryGetValue(id, out var type) ? (RequirementHandler)Activator.CreateInstance(type)! : null;
}
