using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Durable.Analyzers;

/// <summary>
/// Everything the rules share for one compilation: symbols, catalogs, the scope resolver and the transitive
/// summaries with their caches. Created once per compilation however many analyzers ask (a weak table keyed by the
/// compilation), and absent (null) when the compilation does not reference Durable.Runtime.
/// </summary>
internal sealed class DurableAnalysisContext
{
    private static readonly ConditionalWeakTable<Compilation, Box> Contexts = new();

    private DurableAnalysisContext(Compilation compilation, DurableSymbols symbols)
    {
        Compilation = compilation;
        Symbols = symbols;
        Operations = new DurableOperations(symbols);
        Threading = new ThreadingApis(compilation);
        Scopes = new ScopeResolver(symbols, Operations, Threading);
        Tasks = new DurableTasks(symbols, Operations);
        Catalog = new ApiCatalog(compilation, symbols, Tasks);
        // The await classifier and the summaries ask each other; both are assigned before any rule runs.
        Awaits = new AwaitedWork(symbols, Tasks, Catalog, Threading, () => Summaries!);
        Generated = new GeneratedCode();
        Summaries = new MethodSummaries(compilation, symbols, Operations, Catalog, Scopes, Generated, () => Awaits!);
        Durations = new ConstantDurations(compilation, symbols);
        Steps = new StepDurations(compilation, this);
    }

    public Compilation Compilation { get; }

    public DurableSymbols Symbols { get; }

    public DurableOperations Operations { get; }

    public ThreadingApis Threading { get; }

    public ScopeResolver Scopes { get; }

    public DurableTasks Tasks { get; }

    public ApiCatalog Catalog { get; }

    public AwaitedWork Awaits { get; }

    public GeneratedCode Generated { get; }

    public MethodSummaries Summaries { get; }

    public ConstantDurations Durations { get; }

    public StepDurations Steps { get; }

    /// <summary>The shared context of <paramref name="compilation"/>, or null when Durable.Runtime is not referenced.</summary>
    public static DurableAnalysisContext? For(Compilation compilation) =>
        Contexts.GetValue(compilation, static c => new Box(DurableSymbols.TryCreate(c) is { } symbols ? new DurableAnalysisContext(c, symbols) : null)).Context;

    /// <summary>Holds a possibly-null context (the weak table does not store nulls).</summary>
    private sealed class Box
    {
        public Box(DurableAnalysisContext? context)
        {
            Context = context;
        }

        public DurableAnalysisContext? Context { get; }
    }
}
