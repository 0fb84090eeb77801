using Durable.Hosting;
using Durable.Testing;

namespace Durable.Local.Tests;

/// <summary>Runtime support the generated code relies on: the ambient context, step timeouts, the registry.</summary>
public class AuthoringSupportTests
{
    [Fact]
    public async Task The_ambient_context_is_the_innermost_workflow_context_and_absent_in_step_bodies()
    {
        string? outerId = null;
        string? innerId = null;
        InvalidOperationException? insideStep = null;
        using var runner = new DurableTestRunner<string, string>(async (_, ctx) =>
        {
            Assert.Same(ctx, DurableContextScope.Current);
            outerId = await DurableContextScope.Current.StepAsync(s => s.OperationId, "outer");
            innerId = await ctx.RunInChildContextAsync(
                async child =>
                {
                    Assert.Same(child, DurableContextScope.Current);
                    return await DurableContextScope.Current.StepAsync(s => s.OperationId, "inner");
                },
                "child");
            await ctx.StepAsync(
                _ =>
                {
                    insideStep = Assert.Throws<InvalidOperationException>(() => DurableContextScope.Current);
                    Assert.False(DurableContextScope.TryGetCurrent(out var none));
                    Assert.Null(none);
                },
                "probe");

            // Back in workflow code after the step and the child: the root again.
            Assert.Same(ctx, DurableContextScope.Current);
            return "ok";
        });

        var result = await runner.RunAsync("x");

        result.EnsureSucceeded();
        Assert.Null(result.GetOperation("outer").ParentId);
        Assert.Equal(result.GetOperation("child").Id, result.GetOperation("inner").ParentId);
        Assert.Contains("inside a step body", insideStep!.Message, StringComparison.Ordinal);
        Assert.False(DurableContextScope.TryGetCurrent(out _));
    }

    [Fact]
    public async Task A_step_that_overruns_its_timeout_fails_the_attempt_with_a_timeout_the_retry_strategy_sees()
    {
        var seen = new List<Exception>();
        using var runner = new DurableTestRunner<string, string>(async (_, ctx) =>
            await ctx.StepAsync(
                async step =>
                {
                    await Task.Delay(Timeout.Infinite, step.CancellationToken);
                    return "never";
                },
                "slow",
                new StepConfig
                {
                    Timeout = TimeSpan.FromMilliseconds(50),
                    RetryStrategy = RetryStrategy.FromDelegate((error, attempt) =>
                    {
                        seen.Add(error);
                        return attempt < 2 ? RetryDecision.RetryAfter(TimeSpan.FromSeconds(1)) : RetryDecision.DoNotRetry();
                    }),
                }));

        var result = await runner.RunAsync("x");

        Assert.True(result.IsFailed);
        Assert.Equal(2, seen.Count);
        var timeout = Assert.IsType<StepTimeoutException>(seen[0]);
        Assert.Equal("slow", timeout.OperationName);
        Assert.Equal(typeof(StepTimeoutException).FullName, result.Error!.ErrorType);
    }

    [Fact]
    public void A_non_positive_step_timeout_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new StepConfig { Timeout = TimeSpan.Zero });
        Assert.Contains("positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_registry_finds_workflows_by_name_and_refuses_two_workflows_with_one_name()
    {
        var name = "registry-test-" + Guid.NewGuid().ToString("N")[..8];
        var registration = new DurableWorkflowRegistration(name, typeof(AuthoringSupportTests), typeof(string), typeof(string), options => DurableFunction.Create<string, string>((input, _) => Task.FromResult(input), options));

        DurableWorkflowRegistry.Register(registration);
        DurableWorkflowRegistry.Register(registration);

        Assert.True(DurableWorkflowRegistry.TryFind(name, out var found));
        Assert.Same(registration, found);
        Assert.Contains(registration, DurableWorkflowRegistry.All);
        var clash = new DurableWorkflowRegistration(name, typeof(string), typeof(string), null, options => DurableFunction.Create<string>((_, _) => Task.CompletedTask, options));
        var error = Assert.Throws<InvalidOperationException>(() => DurableWorkflowRegistry.Register(clash));
        Assert.Contains("Two workflows are named", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new DurableWorkflowRegistration("has space", typeof(string), typeof(string), null, _ => throw new InvalidOperationException()));
    }
}
