using System.Text;

namespace Durable.Generators.Emitting;

/// <summary>
/// Writes generated C# line by line with four-space indentation and <c>\n</c> line endings (the same text on every
/// platform, so snapshots and hint-name contents are stable).
/// </summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _builder = new();
    private int _depth;

    public IndentedWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _depth * 4).Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    /// <summary>Writes each line of <paramref name="text"/> at the current indentation.</summary>
    public IndentedWriter Lines(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            Line(line);
        }

        return this;
    }

    /// <summary>Writes <c>{</c> and indents.</summary>
    public IndentedWriter Open()
    {
        Line("{");
        _depth++;
        return this;
    }

    /// <summary>Outdents and writes <c>}</c> followed by <paramref name="suffix"/> (for example <c>;</c> or <c>,</c>).</summary>
    public IndentedWriter Close(string suffix = "")
    {
        _depth--;
        Line("}" + suffix);
        return this;
    }

    public IndentedWriter Indent()
    {
        _depth++;
        return this;
    }

    public IndentedWriter Outdent()
    {
        _depth--;
        return this;
    }

    public override string ToString() => _builder.ToString();
}
