using Microsoft.CodeAnalysis;

namespace Durable.Testing.Roslyn.Tests;

public class ReferenceAssembliesTests
{
    [Fact]
    public void Net10_comes_from_a_10_x_reference_pack_and_is_cached()
    {
        var first = ReferenceAssemblies.Net10;
        var second = ReferenceAssemblies.Net10;

        Assert.Contains("Microsoft.NETCore.App.Ref", ReferenceAssemblies.Net10Directory, StringComparison.Ordinal);
        Assert.EndsWith(Path.Combine("ref", "net10.0"), ReferenceAssemblies.Net10Directory, StringComparison.Ordinal);
        Assert.Contains(first, r => Path.GetFileName(((PortableExecutableReference)r).FilePath) == "System.Runtime.dll");
        Assert.Same(first[0], second[0]);
    }

    [Fact]
    public void Assembly_references_are_cached_by_location()
    {
        var a = ReferenceAssemblies.FromAssembly(typeof(ReferenceAssembliesTests).Assembly);
        var b = ReferenceAssemblies.Of<ReferenceAssembliesTests>();

        Assert.Same(a, b);
    }

    [Fact]
    public void A_test_compilation_of_ordinary_code_has_no_diagnostics()
    {
        var compilation = TestCompilation.Create(CSharpSource.WithUsings(
            CSharpSource.InMethod("        var list = new List<int> { 1 };\n        Console.WriteLine(list.Sum());\n        await Task.Yield();", "public static async Task M()"),
            "System", "System.Collections.Generic", "System.Linq", "System.Threading.Tasks") + "\n");

        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        TestCompilation.AssertNoWarnings(compilation);
    }
}
