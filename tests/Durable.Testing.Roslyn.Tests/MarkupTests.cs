using Microsoft.CodeAnalysis.Text;

namespace Durable.Testing.Roslyn.Tests;

public class MarkupTests
{
    [Fact]
    public void Default_id_span_is_removed_and_located()
    {
        var parsed = Markup.Parse("class C { void M() { [|Forbidden()|]; } }");

        Assert.Equal("class C { void M() { Forbidden(); } }", parsed.Source);
        var span = Assert.Single(parsed.Spans);
        Assert.Null(span.Id);
        Assert.Equal("Forbidden()", parsed.Source.Substring(span.Span.Start, span.Span.Length));
    }

    [Fact]
    public void Explicit_ids_nested_and_multiple_spans_are_parsed()
    {
        var parsed = Markup.Parse("a {|DUR1001:b [|c|] d|} e {|X_2:|}f [|g|]");

        Assert.Equal("a b c d e f g", parsed.Source);
        Assert.Collection(
            parsed.Spans,
            s => Assert.Equal(new MarkupSpan("DUR1001", new TextSpan(2, 5)), s),
            s => Assert.Equal(new MarkupSpan(null, new TextSpan(4, 1)), s),
            s => Assert.Equal(new MarkupSpan("X_2", new TextSpan(10, 0)), s),
            s => Assert.Equal(new MarkupSpan(null, new TextSpan(12, 1)), s));
    }

    [Fact]
    public void Closers_without_an_open_span_and_braces_without_an_id_are_plain_text()
    {
        const string code = "var ok = a |] b; var s = $\"{|x|}\"; x = y |} z; {|1:|}";

        var parsed = Markup.Parse(code);

        Assert.Equal(code, parsed.Source);
        Assert.Empty(parsed.Spans);
    }

    [Fact]
    public void Unclosed_span_fails_with_its_position()
    {
        var ex = Assert.Throws<RoslynTestException>(() => Markup.Parse("line one\n  [|never closed"));

        Assert.Contains("line 2, column 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("never closed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Crossing_spans_fail()
    {
        var ex = Assert.Throws<RoslynTestException>(() => Markup.Parse("{|A:x [|y|} z|]"));

        Assert.Contains("spans must nest", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_writes_spans_back_as_markup_that_parses_to_the_same_spans()
    {
        const string markup = "a {|A:b {|B:c|} d|}{|C:|} e {|D:f|}";
        var parsed = Markup.Parse(markup);

        var formatted = Markup.Format(parsed.Source, parsed.Spans);

        Assert.Equal(markup, formatted);
    }

    [Fact]
    public void Format_returns_null_for_crossing_spans()
    {
        Assert.Null(Markup.Format("abcdef", [new MarkupSpan("A", new TextSpan(0, 3)), new MarkupSpan("B", new TextSpan(2, 3))]));
    }
}
