namespace Durable.Generators.Model;

/// <summary>The one fact about the compilation as a whole that generated files depend on.</summary>
/// <param name="Name">The assembly name (Lambda handler strings name it).</param>
internal sealed record AssemblySpec(string Name);
