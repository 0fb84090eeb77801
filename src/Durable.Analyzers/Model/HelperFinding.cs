using System.Collections.Immutable;

namespace Durable.Analyzers;

/// <summary>
/// What the transitive analysis found behind a helper call: what the code does (<see cref="Effect"/>, for
/// messages) and the call path from the helper to the API or durable operation, e.g.
/// <c>Stamp → Clock.Read → DateTime.UtcNow</c>.
/// </summary>
internal sealed class HelperFinding
{
    public HelperFinding(string effect, ImmutableArray<string> path)
    {
        Effect = effect;
        Path = path;
    }

    public string Effect { get; }

    public ImmutableArray<string> Path { get; }

    public string PathText => string.Join(" → ", Path);
}
