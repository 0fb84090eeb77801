using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Durable.Testing.Roslyn;

/// <summary>An additional file (MSBuild <c>AdditionalFiles</c> item) visible to analyzers and generators.</summary>
/// <param name="Path">The file's path, for example <c>/0/workflows.json</c>.</param>
/// <param name="Text">The file's content.</param>
public sealed record AdditionalFile(string Path, string Text)
{
    internal AdditionalText ToAdditionalText() => new InMemoryAdditionalText(Path, SourceText.From(Text));

    private sealed class InMemoryAdditionalText(string path, SourceText text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => text;
    }
}
