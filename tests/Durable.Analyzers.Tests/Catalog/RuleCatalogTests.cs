using System.Globalization;
using System.Reflection;
using Durable.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Durable.Analyzers.Tests.Catalog;

/// <summary>Every descriptor against its rule page, the release-tracking file, the analyzers and the code fixes.</summary>
public class RuleCatalogTests
{
    private static readonly IReadOnlyList<DiagnosticDescriptor> Descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToList();

    private static readonly IReadOnlyList<DiagnosticAnalyzer> Analyzers = typeof(DiagnosticDescriptors).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToList();

    private static readonly IReadOnlyList<CodeFixProvider> Fixes = typeof(WrapInStepCodeFix).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToList();

    public static TheoryData<string> Ids => new(Descriptors.Select(d => d.Id));

    [Fact]
    public void Ids_are_unique_DUR_plus_four_digits_and_each_is_reported_by_exactly_one_analyzer()
    {
        Assert.Equal(Descriptors.Count, Descriptors.Select(d => d.Id).Distinct().Count());
        Assert.All(Descriptors, d => Assert.Matches("^DUR[1-6][0-9]{3}$", d.Id));
        var supported = Analyzers.SelectMany(a => a.SupportedDiagnostics.Select(d => (Analyzer: a.GetType().Name, d.Id))).ToList();
        foreach (var descriptor in Descriptors)
        {
            Assert.Single(supported, s => s.Id == descriptor.Id);
        }

        Assert.All(supported, s => Assert.Contains(Descriptors, d => d.Id == s.Id));
    }

    [Fact]
    public void Categories_come_from_the_small_fixed_set()
    {
        var categories = Descriptors.Select(d => d.Category).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["Durable.Determinism", "Durable.GeneratorContract", "Durable.LostState", "Durable.OperationStructure", "Durable.Timeouts"],
            categories);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_rule_page_matches_the_descriptor(string id)
    {
        var descriptor = Descriptors.Single(d => d.Id == id);
        Assert.Equal(DiagnosticDescriptors.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
        Assert.EndsWith("docs/rules/" + id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);

        var path = RepositoryFiles.PathOf("docs", "rules", id + ".md");
        Assert.True(File.Exists(path), $"The rule page {path} is missing.");
        var lines = File.ReadAllLines(path);
        Assert.Equal($"# {id}: {descriptor.Title}", lines[0]);

        var row = PageRow(lines);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), row[0]);
        Assert.Equal(descriptor.Category, row[1]);
        foreach (var section in new[] { "## Why", "## Wrong", "## Right", "## Fix", "## Fix All", "## Options" })
        {
            Assert.Contains(section, lines);
        }

        // The page says what the fixes do: a fix exists iff the page names one, Fix All iff a provider offers it.
        var fixes = Fixes.Where(f => f.FixableDiagnosticIds.Contains(id)).ToList();
        Assert.Equal(fixes.Count > 0, row[2] != "None");
        var expectedFixAll = fixes.Count == 0 ? "n/a" : fixes.Any(f => f.GetFixAllProvider() is not null) ? "Yes" : "No";
        Assert.Equal(expectedFixAll, row[3]);
        var fixAllText = string.Join("\n", lines.SkipWhile(l => l != "## Fix All").Skip(1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)));
        Assert.StartsWith(expectedFixAll == "n/a" ? "Not applicable" : expectedFixAll + ".", fixAllText.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_rule_page_belongs_to_a_descriptor_and_is_listed_in_the_index()
    {
        var pages = Directory.GetFiles(RepositoryFiles.PathOf("docs", "rules"), "DUR*.md").Select(p => Path.GetFileNameWithoutExtension(p)!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Descriptors.Select(d => d.Id).Order(StringComparer.Ordinal).ToList(), pages);
        var index = File.ReadAllText(RepositoryFiles.PathOf("docs", "rules", "README.md"));
        Assert.All(pages, id => Assert.Contains($"[{id}]({id}.md)", index, StringComparison.Ordinal));
    }

    [Fact]
    public void Release_tracking_lists_every_descriptor_with_its_category_and_severity()
    {
        var rows = ReleaseRows(RepositoryFiles.PathOf("src", "Durable.Analyzers", "AnalyzerReleases.Unshipped.md"))
            .Concat(ReleaseRows(RepositoryFiles.PathOf("src", "Durable.Analyzers", "AnalyzerReleases.Shipped.md")))
            .ToList();
        Assert.Equal(Descriptors.Count, rows.Count);
        foreach (var descriptor in Descriptors)
        {
            var row = Assert.Single(rows, r => r[0] == descriptor.Id);
            Assert.Equal(descriptor.Category, row[1]);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), row[2]);
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Messages_format_and_follow_the_message_rules(string id)
    {
        var descriptor = Descriptors.Single(d => d.Id == id);
        var message = descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture);
        var formatted = string.Format(CultureInfo.InvariantCulture, message, "a", "b", "c");
        Assert.DoesNotContain("{", formatted, StringComparison.Ordinal);
        Assert.Equal(message.Trim(), message);
        Assert.DoesNotContain('\n', message);
        Assert.False(descriptor.Title.ToString(CultureInfo.InvariantCulture).EndsWith('.'), "Titles end without a period.");
        Assert.True(descriptor.IsEnabledByDefault);
    }

    private static string[] PageRow(string[] lines)
    {
        var header = Array.IndexOf(lines, "| Severity | Category | Code fix | Fix All |");
        Assert.True(header > 0, "The page has no summary table.");
        return lines[header + 2].Trim('|').Split('|').Select(c => c.Trim()).ToArray();
    }

    private static IEnumerable<string[]> ReleaseRows(string path) =>
        File.ReadAllLines(path)
            .Where(l => l.StartsWith("DUR", StringComparison.Ordinal))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray());
}
