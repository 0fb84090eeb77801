namespace Durable.Generators.Model;

/// <summary>The few facts about the compilation as a whole that generated files depend on.</summary>
/// <param name="Name">The assembly name (Lambda handler strings name it).</param>
/// <param name="HasLambdaHost">
/// The referenced Durable.Runtime has <c>Durable.Hosting.DurableLambdaHost</c>, which the Lambda entry points call; without
/// it they are left out rather than emitted broken.
/// </param>
internal sealed record AssemblySpec(string Name, bool HasLambdaHost);
