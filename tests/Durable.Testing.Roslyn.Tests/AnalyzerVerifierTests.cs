using Durable.Testing.Roslyn.Tests.Samples;
using Microsoft.CodeAnalysis.Text;

namespace Durable.Testing.Roslyn.Tests;

public class AnalyzerVerifierTests
{
    private const string TwoCalls = """
        public class C
        {
            public static int Forbidden() => 0;
            public static int Allowed() => 0;

            public void M()
            {
                [|Forbidden()|];
                Allowed();
                var x = {|SMP0001:C.Forbidden()|};
            }
        }
        """;

    [Fact]
    public async Task Matching_markup_passes()
    {
        await AnalyzerVerifier.VerifyAsync<ForbiddenCallAnalyzer>(TwoCalls);
    }

    [Fact]
    public async Task Source_without_markup_expects_no_diagnostics()
    {
        await AnalyzerVerifier.VerifyAsync<ForbiddenCallAnalyzer>("public class C { public void M() { System.Console.WriteLine(); } }");
    }

    [Fact]
    public async Task Missing_diagnostic_fails_and_shows_the_expected_span()
    {
        const string source = """
            public class C
            {
                public static int Allowed() => 0;
                public void M() => [|Allowed()|];
            }
            """;

        var ex = await Assert.ThrowsAsync<RoslynTestException>(() => AnalyzerVerifier.VerifyAsync<ForbiddenCallAnalyzer>(source));

        Assert.Contains("1 missing, 0 unexpected", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SMP0001 at Test0.cs(4,24) \"Allowed()\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Expected in Test0.cs:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("      |                        ^^^^^^^^^ SMP0001\n", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unexpected_diagnostic_fails_with_message_caret_line_and_suggested_markup()
    {
        const string source = """
            public class C
            {
                public static int Forbidden() => 0;
                public void M() => Forbidden();
            }
            """;

        var ex = await Assert.ThrowsAsync<RoslynTestException>(() => AnalyzerVerifier.VerifyAsync<ForbiddenCallAnalyzer>(source));

        Assert.Contains("0 missing, 1 unexpected", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Test0.cs(4,24): warning SMP0001: Call to 'Forbidden' is forbidden", ex.Message, StringComparison.Ordinal);
        Assert.Contains("^^^^^^^^^^^ SMP0001: Call to 'Forbidden' is forbidden", ex.Message, StringComparison.Ordinal);
        Assert.Contains("public void M() => {|SMP0001:Forbidden()|};", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_span_is_reported_as_missing_plus_unexpected()
    {
        const string source = """
            public class C
            {
                public static int Forbidden() => 0;
                public void M() => [|Forbidden|]();
            }
            """;

        var ex = await Assert.ThrowsAsync<RoslynTestException>(() => AnalyzerVerifier.VerifyAsync<ForbiddenCallAnalyzer>(source));

        Assert.Contains("1 missing, 1 unexpected", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_source_with_compile_errors_fails_listing_them()
    {
        var ex = await Assert.ThrowsAsync<RoslynTestException>(() =>
            AnalyzerVerifier.VerifyAsync<ForbiddenCallAnalyzer>("public class C { public void M() => Undefined(); }"));

        Assert.Contains("must compile", ex.Message, StringComparison.Ordinal);
        Assert.Contains("error CS0103", ex.Message, StringComparison.Ordinal);
        Assert.Contains("^^^^^^^^^ CS0103: The name 'Undefined' does not exist in the current context", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compile_errors_can_be_allowed_for_tests_on_incomplete_code()
    {
        await AnalyzerVerifier.VerifyAsync<ForbiddenCallAnalyzer>(
            "public class C { public static int Forbidden() => 0; public void M() { [|Forbidden()|]; Undefined(); } }",
            new AnalyzerTestOptions { AllowCompilationErrors = true });
    }

    [Fact]
    public async Task Analyzer_exception_fails_as_AD0001()
    {
        var ex = await Assert.ThrowsAsync<RoslynTestException>(() =>
            AnalyzerVerifier.VerifyAsync<ThrowingAnalyzer>("public class C { public void M() => System.Console.WriteLine(); }"));

        Assert.Contains("AD0001", ex.Message, StringComparison.Ordinal);
        Assert.Contains("sample analyzer failure", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_id_must_be_unambiguous()
    {
        var ex = await Assert.ThrowsAsync<RoslynTestException>(() =>
            AnalyzerVerifier.VerifyAsync("public class C { public void M() => [|M|](); }", [new ForbiddenCallAnalyzer(), new ThrowingAnalyzer()]));

        Assert.Contains("no single default diagnostic ID", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SMP0001, SMP0900", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnostics_in_several_files_are_matched_per_file()
    {
        await AnalyzerVerifier.VerifyAsync<ForbiddenCallAnalyzer>(
            "public partial class C { public static int Forbidden() => 0; }",
            new AnalyzerTestOptions { AdditionalSources = ["public partial class C { public int M() => [|Forbidden()|]; }"] });
    }

    [Fact]
    public async Task Generators_run_first_so_analyzers_and_the_compile_check_see_generated_code()
    {
        // C.Forbidden() exists only in generated code: without the generator this would not compile.
        var source = HelloGenerator.AttributeSource + """

            namespace Demo
            {
                [Samples.GenerateHello]
                public partial class C
                {
                    public int M() => [|C.Forbidden()|];
                }
            }
            """;

        await AnalyzerVerifier.VerifyAsync(source, [new ForbiddenCallAnalyzer()], [new HelloGenerator()]);
    }

    [Fact]
    public async Task Diagnostics_in_generated_files_are_compared_only_when_asked()
    {
        var source = HelloGenerator.AttributeSource + "\nnamespace Demo { [Samples.GenerateHello] public partial class C { } }";
        var generatedCall = ExpectedDiagnostic.InFile(ForbiddenCallAnalyzer.Id, "Demo.C.g.cs")
            .WithMessage("Call to 'Forbidden' is forbidden");

        await AnalyzerVerifier.VerifyAsync(source, [new ForbiddenCallAnalyzer()], [new HelloGenerator()]);
        var ex = await Assert.ThrowsAsync<RoslynTestException>(() => AnalyzerVerifier.VerifyAsync(
            source, [new ForbiddenCallAnalyzer()], [new HelloGenerator()], options: new AnalyzerTestOptions { IncludeGeneratedCodeDiagnostics = true }));
        Assert.Contains("Demo.C.g.cs(", ex.Message, StringComparison.Ordinal);
        await AnalyzerVerifier.VerifyAsync(
            source,
            [new ForbiddenCallAnalyzer()],
            [new HelloGenerator()],
            options: new AnalyzerTestOptions { IncludeGeneratedCodeDiagnostics = true, ExpectedDiagnostics = [generatedCall] });
    }

    [Fact]
    public async Task Expected_message_is_checked_when_given()
    {
        const string source = "public class C { public static int Forbidden() => 0; public int M() => Forbidden(); }";
        var span = new TextSpan(source.LastIndexOf("Forbidden()", StringComparison.Ordinal), "Forbidden()".Length);

        await AnalyzerVerifier.VerifyAsync<ForbiddenCallAnalyzer>(source, new AnalyzerTestOptions
        {
            ExpectedDiagnostics = [ExpectedDiagnostic.InFile("SMP0001", "Test0.cs", span).WithMessage("Call to 'Forbidden' is forbidden")],
        });
        await Assert.ThrowsAsync<RoslynTestException>(() => AnalyzerVerifier.VerifyAsync<ForbiddenCallAnalyzer>(source, new AnalyzerTestOptions
        {
            ExpectedDiagnostics = [ExpectedDiagnostic.InFile("SMP0001", "Test0.cs", span).WithMessage("something else")],
        }));
    }

    [Fact]
    public async Task Build_properties_reach_the_analyzer_as_global_options()
    {
        const string source = """
            public class C
            {
                public static int Forbidden() => 0;
                public static int Banned() => 0;
                public void M() { Forbidden(); [|Banned()|]; }
            }
            """;

        await AnalyzerVerifier.VerifyAsync<ForbiddenCallAnalyzer>(source, new AnalyzerTestOptions
        {
            AnalyzerConfig = TestAnalyzerConfig.Empty.WithBuildProperty("SampleForbiddenName", "Banned"),
        });
    }

    [Fact]
    public async Task Editorconfig_options_reach_the_analyzer_per_file()
    {
        const string source = "public class C { public static int Forbidden() => 0; public int M() => Forbidden(); }";

        await AnalyzerVerifier.VerifyAsync<ForbiddenCallAnalyzer>(source, new AnalyzerTestOptions
        {
            AnalyzerConfig = TestAnalyzerConfig.Empty.WithSourceFileOption(ForbiddenCallAnalyzer.FileOption, "allow"),
        });
        await AnalyzerVerifier.VerifyAsync<ForbiddenCallAnalyzer>(source, new AnalyzerTestOptions
        {
            AnalyzerConfig = TestAnalyzerConfig.Empty.WithConfigFile("[Test0.cs]\nsample.forbidden_calls = allow\n"),
        });
    }

    [Fact]
    public async Task Editorconfig_severity_none_silences_the_rule()
    {
        await AnalyzerVerifier.VerifyAsync<ForbiddenCallAnalyzer>(
            "public class C { public static int Forbidden() => 0; public int M() => Forbidden(); }",
            new AnalyzerTestOptions { AnalyzerConfig = TestAnalyzerConfig.Empty.WithDiagnosticSeverity("SMP0001", "none") });
    }

    [Fact]
    public async Task Implicit_usings_can_be_added()
    {
        await AnalyzerVerifier.VerifyAsync<ForbiddenCallAnalyzer>(
            "public class C { public Task<List<int>> M() => Task.FromResult(new List<int>()); }",
            new AnalyzerTestOptions { ImplicitUsings = true });
    }

    [Fact]
    public async Task RunAsync_returns_the_diagnostics_for_custom_assertions()
    {
        var result = await AnalyzerVerifier.RunAsync(
            "public class C { public static int Forbidden() => 0; public int M() => Forbidden(); }",
            [new ForbiddenCallAnalyzer()]);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("SMP0001", diagnostic.Id);
        Assert.Null(result.GeneratorRun);
    }
}
