using Durable.Testing.Roslyn.Tests.Samples;

namespace Durable.Testing.Roslyn.Tests;

public class CodeFixVerifierTests
{
    private const string Members = """
            public static int Forbidden(int x = 0) => x;
            public static int Allowed(int x = 0) => x;
            public static int Permitted(int x = 0) => x;
        """;

    private static string Class(string body) => $"public class C\n{{\n{Members}\n\n    public void M()\n    {{\n{body}\n    }}\n}}\n";

    [Fact]
    public async Task Rename_fix_with_fix_all_reaches_the_expected_code()
    {
        var before = Class("        [|Forbidden()|];\n        var y = [|Forbidden(1)|] + [|C.Forbidden(2)|];");
        var after = Class("        Allowed();\n        var y = Allowed(1) + C.Allowed(2);");

        await CodeFixVerifier.VerifyAsync<ForbiddenCallAnalyzer, RenameForbiddenCodeFix>(before, after, new CodeFixTestOptions { ExpectedIterations = 3 });
    }

    [Fact]
    public async Task Nested_diagnostics_are_fixed_iteratively()
    {
        await CodeFixVerifier.VerifyAsync<ForbiddenCallAnalyzer, RenameForbiddenCodeFix>(
            Class("        {|SMP0001:Forbidden([|Forbidden()|])|};"),
            Class("        Allowed(Allowed());"));
    }

    [Fact]
    public async Task Diagnostics_in_additional_sources_are_fixed_and_compared()
    {
        const string other = "public static class D\n{\n    public static int N() => [|C.Forbidden()|];\n}\n";

        await CodeFixVerifier.VerifyAsync<ForbiddenCallAnalyzer, RenameForbiddenCodeFix>(
            Class("        [|Forbidden()|];"),
            Class("        Allowed();"),
            new CodeFixTestOptions
            {
                AdditionalSources = [other],
                ExpectedAdditionalSourcesAfter = [other.Replace("[|C.Forbidden()|]", "C.Allowed()", StringComparison.Ordinal)],
                ExpectedIterations = 2,
            });
        var ex = await Assert.ThrowsAsync<RoslynTestException>(() => CodeFixVerifier.VerifyAsync<ForbiddenCallAnalyzer, RenameForbiddenCodeFix>(
            Class("        [|Forbidden()|];"), Class("        Allowed();"), new CodeFixTestOptions { AdditionalSources = [other] }));
        Assert.Contains("Test1.cs differs from the expected code", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_action_is_chosen_by_equivalence_key_or_index()
    {
        var before = Class("        [|Forbidden()|];");
        var after = Class("        Permitted();");

        await CodeFixVerifier.VerifyAsync<ForbiddenCallAnalyzer, RenameForbiddenCodeFix>(before, after, new CodeFixTestOptions { CodeActionEquivalenceKey = "RenameToPermitted" });
        await CodeFixVerifier.VerifyAsync<ForbiddenCallAnalyzer, RenameForbiddenCodeFix>(before, after, new CodeFixTestOptions { CodeActionIndex = 1 });
    }

    [Fact]
    public async Task Unknown_equivalence_key_fails_listing_the_offered_actions()
    {
        var ex = await Assert.ThrowsAsync<RoslynTestException>(() => CodeFixVerifier.VerifyAsync<ForbiddenCallAnalyzer, RenameForbiddenCodeFix>(
            Class("        [|Forbidden()|];"), Class("        Allowed();"), new CodeFixTestOptions { CodeActionEquivalenceKey = "Nope" }));

        Assert.Contains("no action to apply (equivalence key 'Nope')", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[1] 'Rename to Permitted' (key: RenameToPermitted)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_expected_code_fails_with_a_diff()
    {
        var ex = await Assert.ThrowsAsync<RoslynTestException>(() => CodeFixVerifier.VerifyAsync<ForbiddenCallAnalyzer, RenameForbiddenCodeFix>(
            Class("        [|Forbidden()|];"), Class("        Permitted();")));

        Assert.Contains("After applying the code fix one diagnostic at a time, Test0.cs differs from the expected code", ex.Message, StringComparison.Ordinal);
        Assert.Contains("-    9 |         Permitted();", ex.Message, StringComparison.Ordinal);
        Assert.Contains("+    9 |         Allowed();", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Before_markup_must_match_the_analyzer()
    {
        var ex = await Assert.ThrowsAsync<RoslynTestException>(() => CodeFixVerifier.VerifyAsync<ForbiddenCallAnalyzer, RenameForbiddenCodeFix>(
            Class("        Forbidden();"), Class("        Allowed();")));

        Assert.Contains("Before the fix", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fixed_code_that_does_not_compile_fails()
    {
        var ex = await Assert.ThrowsAsync<RoslynTestException>(() => CodeFixVerifier.VerifyAsync(
            Class("        [|Forbidden()|];"),
            Class("        Missing();"),
            new ForbiddenCallAnalyzer(),
            new RenameForbiddenCodeFix(["Missing"])));

        Assert.Contains("the fixed code does not compile", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CS0103", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fix_that_changes_nothing_fails()
    {
        var ex = await Assert.ThrowsAsync<RoslynTestException>(() => CodeFixVerifier.VerifyAsync<ForbiddenCallAnalyzer, NoOpCodeFix>(
            Class("        [|Forbidden()|];"), Class("        [|Forbidden()|];")));

        Assert.Contains("changed nothing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remaining_diagnostics_must_be_marked_in_the_expected_code()
    {
        // The remove fix only handles calls that are whole statements: the call inside an expression remains.
        var before = Class("        [|Forbidden()|];\n        var y = [|Forbidden(1)|];");
        var options = new CodeFixTestOptions { AllowFixAll = false };

        await CodeFixVerifier.VerifyAsync(before, Class("        var y = [|Forbidden(1)|];"), new ForbiddenCallAnalyzer(), new RemoveForbiddenCallCodeFix(), options);
        var ex = await Assert.ThrowsAsync<RoslynTestException>(() =>
            CodeFixVerifier.VerifyAsync(before, Class("        var y = Forbidden(1);"), new ForbiddenCallAnalyzer(), new RemoveForbiddenCallCodeFix(), options));
        Assert.Contains("fixed diagnostics must be gone", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fix_without_fix_all_passes_when_fix_all_is_not_allowed()
    {
        await CodeFixVerifier.VerifyAsync<ForbiddenCallAnalyzer, RemoveForbiddenCallCodeFix>(
            Class("        [|Forbidden()|];\n        Allowed();\n        [|Forbidden(2)|];"),
            Class("        Allowed();"),
            new CodeFixTestOptions { AllowFixAll = false, ExpectedIterations = 2 });
    }

    [Fact]
    public async Task Fix_that_offers_fix_all_fails_when_fix_all_is_not_allowed()
    {
        var ex = await Assert.ThrowsAsync<RoslynTestException>(() => CodeFixVerifier.VerifyAsync<ForbiddenCallAnalyzer, RenameForbiddenCodeFix>(
            Class("        [|Forbidden()|];"), Class("        Allowed();"), new CodeFixTestOptions { AllowFixAll = false }));

        Assert.Contains("must not offer Fix All", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fix_all_provider_presence_can_be_asserted_directly()
    {
        CodeFixVerifier.AssertNoFixAllProvider(new RemoveForbiddenCallCodeFix());
        CodeFixVerifier.AssertHasFixAllProvider(new RenameForbiddenCodeFix());
        Assert.Throws<RoslynTestException>(() => CodeFixVerifier.AssertNoFixAllProvider(new RenameForbiddenCodeFix()));
        Assert.Throws<RoslynTestException>(() => CodeFixVerifier.AssertHasFixAllProvider(new RemoveForbiddenCallCodeFix()));
    }

    [Fact]
    public async Task Fix_all_that_disagrees_with_single_fixes_fails()
    {
        var ex = await Assert.ThrowsAsync<RoslynTestException>(() => CodeFixVerifier.VerifyAsync(
            Class("        [|Forbidden()|];\n        [|Forbidden(1)|];"),
            Class("        Allowed();\n        Allowed(1);"),
            new ForbiddenCallAnalyzer(),
            new RenameForbiddenCodeFix(["Allowed"], fixAllRenamesTo: "Permitted")));

        Assert.Contains("After Fix All (Document scope), Test0.cs differs from the expected code", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fix_all_needs_an_equivalence_key()
    {
        var ex = await Assert.ThrowsAsync<RoslynTestException>(() => CodeFixVerifier.VerifyAsync(
            Class("        [|Forbidden()|];"),
            Class("        Allowed();"),
            new ForbiddenCallAnalyzer(),
            new RenameForbiddenCodeFix(["Allowed"], withEquivalenceKeys: false)));

        Assert.Contains("has no EquivalenceKey", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_fix_offered_can_be_verified()
    {
        // The remove fix offers nothing for a call that is not a whole statement.
        await CodeFixVerifier.VerifyNoFixOfferedAsync(Class("        var y = [|Forbidden(1)|];"), new ForbiddenCallAnalyzer(), new RemoveForbiddenCallCodeFix());
        await Assert.ThrowsAsync<RoslynTestException>(() =>
            CodeFixVerifier.VerifyNoFixOfferedAsync(Class("        [|Forbidden(1)|];"), new ForbiddenCallAnalyzer(), new RemoveForbiddenCallCodeFix()));
    }

    [Fact]
    public async Task Fixes_work_on_code_that_needs_generated_code_and_analyzer_config()
    {
        // C.Forbidden() exists only in generated code, and the configured name makes "Banned" the forbidden one.
        var source = HelloGenerator.AttributeSource + """

            namespace Demo
            {
                [Samples.GenerateHello]
                public partial class C
                {
                    public static int Banned() => 0;
                    public static int Allowed() => 0;
                    public int M() => C.Forbidden() + [|Banned()|];
                }
            }
            """;
        var options = new CodeFixTestOptions
        {
            Generators = [new HelloGenerator()],
            AnalyzerConfig = TestAnalyzerConfig.Empty.WithBuildProperty("SampleForbiddenName", "Banned"),
        };

        await CodeFixVerifier.VerifyAsync<ForbiddenCallAnalyzer, RenameForbiddenCodeFix>(
            source, source.Replace("[|Banned()|]", "Allowed()", StringComparison.Ordinal), options);
    }
}
