namespace Durable.Analyzers.Tests.Structure;

public class ContextTests
{
    [Fact]
    public async Task Storing_the_context_in_fields_properties_and_arrays_is_reported()
    {
        await Verify.AnalyzerAsync<ContextEscapeAnalyzer>("""
            using Durable;

            public sealed class Holder
            {
                public IDurableContext? Context { get; set; }
            }

            public sealed class Flow
            {
                private static IDurableContext? s_last;
                private IDurableContext? _context;
                private readonly object[] _slots = new object[1];

                public async Task RunAsync(IDurableContext context)
                {
                    {|DUR2011:s_last = context|};
                    {|DUR2011:_context = context|};
                    {|DUR2011:_slots[0] = context|};
                    var holder = new Holder { {|DUR2011:Context = context|} };
                    var local = context;
                    await local.WaitAsync(TimeSpan.FromSeconds(1));
                }
            }
            """);
    }

    [Fact]
    public async Task Callbacks_without_durable_work_are_reported()
    {
        await Verify.AnalyzerAsync<EmptyChildContextAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(IReadOnlyList<int> items, IDurableContext context, Func<IDurableContext, Task<int>> external)
                {
                    await context.RunInChildContextAsync({|DUR2012:child =>|} Task.FromResult(1));
                    await context.ParallelAsync<int>([{|DUR2012:async b =>|} { await Task.Yield(); return 2; }, async b => await b.StepAsync(_ => 3)]);
                    await context.MapAsync(items, {|DUR2012:(child, item, index) =>|} Task.FromResult(item * 2));

                    // Durable work on the own context, through the ambient scope, a helper or an unknown delegate: fine.
                    await context.RunInChildContextAsync(async child => await child.WaitAsync(TimeSpan.FromSeconds(1)));
                    await context.RunInChildContextAsync(async child => await DurableContextScope.Current.StepAsync(_ => 4));
                    await context.RunInChildContextAsync(child => Helper(child));
                    await context.RunInChildContextAsync(child => external(child));
                }

                private static Task<int> Helper(IDurableContext context) => context.StepAsync(_ => 5);
            }
            """);
    }
}
