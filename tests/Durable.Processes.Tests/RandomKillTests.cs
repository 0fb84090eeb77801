using System.Diagnostics;
using System.Globalization;
using Durable.Local.Functions;
using Durable.Processes.Tests.Support;
using Durable.Protocol;
using Xunit.Abstractions;

namespace Durable.Processes.Tests;

/// <summary>
/// Kills the function process at random moments of a multi-step workflow, over many seeded runs, and checks what
/// durability promises: the result is right, an at-most-once attempt never starts twice, and an at-least-once step
/// re-runs at most once per kill.
/// </summary>
public class RandomKillTests(ITestOutputHelper output)
{
    private const int Runs = 10;
    private const int Steps = 8;
    private const int MaxKillsPerRun = 4;

    [Fact]
    public async Task Every_execution_completes_correctly_however_often_its_process_is_killed()
    {
        var totals = new Totals();
        for (var seed = 1; seed <= Runs; seed++)
        {
            await RunOnceAsync(seed, totals);
        }

        output.WriteLine(totals.ToString());

        // The runs must actually have exercised crashes, or the test proves nothing.
        Assert.True(totals.Kills >= Runs, totals.ToString());
        Assert.True(totals.KillsMidStep > 0, totals.ToString());
    }

    private async Task RunOnceAsync(int seed, Totals totals)
    {
        await using var host = await ProcessEngine.StartAsync(seed);
        var invoker = host.Register("journey", new LocalFunctionOptions { FunctionTimeout = TimeSpan.FromSeconds(60), ExecutionTimeout = TimeSpan.FromHours(1) });
        var arn = host.Engine.StartExecution("journey", $"{{\"Steps\":{Steps},\"AtMostOnceEvery\":3,\"StepMilliseconds\":40}}");
        var random = new Random(seed);
        var run = host.Engine.WaitForExecutionAsync(arn);
        var kills = 0;
        var killsMidStep = 0;
        while (!run.IsCompleted && kills < MaxKillsPerRun)
        {
            // Half the kills land at an arbitrary moment (start-up, replay, checkpointing, idle between
            // invocations); the other half wait for a step to begin and strike a few milliseconds into it.
            if (random.Next(2) == 0)
            {
                await Task.WhenAny(run, Task.Delay(random.Next(30, 450)));
            }
            else
            {
                await WaitForStepToBeginAsync(host, run);
                await Task.Delay(random.Next(0, 35));
            }

            if (run.IsCompleted || invoker.LiveProcessIds is not [var pid, ..])
            {
                continue;
            }

            var inStep = host.Journal() is { Count: > 0 } journal && journal[^1].StartsWith("begin", StringComparison.Ordinal);
            if (TryKill(pid))
            {
                kills++;
                killsMidStep += inStep ? 1 : 0;
            }
        }

        var execution = await run.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(execution.Status == ExecutionStatus.Succeeded, $"seed {seed}: {execution.Status} {execution.Error?.ErrorMessage}");
        Assert.Equal((Steps * (Steps + 1) / 2).ToString(CultureInfo.InvariantCulture), execution.Result);

        var begins = host.Journal()
            .Where(line => line.StartsWith("begin", StringComparison.Ordinal))
            .Select(line => line.Split(' '))
            .Select(parts => (Kind: parts[1], Index: int.Parse(parts[2], CultureInfo.InvariantCulture), Attempt: int.Parse(parts[3], CultureInfo.InvariantCulture)))
            .ToList();

        // At-most-once: an attempt's side effect never starts twice; a kill costs at most one extra attempt.
        var atMostOnce = begins.Where(b => b.Kind == "at-most-once").ToList();
        Assert.All(atMostOnce.GroupBy(b => (b.Index, b.Attempt)), attempt => Assert.Single(attempt));
        Assert.All(atMostOnce.GroupBy(b => b.Index), step => Assert.InRange(step.Count(), 1, 1 + kills));

        // At-least-once: every step ran, and re-runs never exceed the kills that could have caused them.
        var atLeastOnce = begins.Where(b => b.Kind == "at-least-once").GroupBy(b => b.Index).ToList();
        Assert.Equal(Enumerable.Range(1, Steps).Count(i => i % 3 != 0), atLeastOnce.Count);
        var reruns = atLeastOnce.Sum(step => step.Count() - 1);
        Assert.InRange(reruns, 0, kills);

        totals.Add(kills, killsMidStep, invoker.ProcessesStarted, atLeastOnce.Sum(s => s.Count()), reruns, atMostOnce.Count, atMostOnce.Count - atMostOnce.Select(b => b.Index).Distinct().Count());
    }

    private static async Task WaitForStepToBeginAsync(ProcessEngine host, Task run)
    {
        var seen = host.Journal().Count;
        while (!run.IsCompleted)
        {
            if (host.Journal() is { } journal && journal.Count > seen && journal[^1].StartsWith("begin", StringComparison.Ordinal))
            {
                return;
            }

            seen = Math.Max(seen, host.Journal().Count);
            await Task.Delay(3);
        }
    }

    private static bool TryKill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // It exited on its own in the meantime.
            return false;
        }
    }

    private sealed class Totals
    {
        private int _runs;
        private int _kills;
        private int _killsMidStep;
        private int _processes;
        private int _atLeastOnceRuns;
        private int _reruns;
        private int _atMostOnceAttempts;
        private int _atMostOnceRetriesAfterInterruption;

        public int Kills => _kills;

        public int KillsMidStep => _killsMidStep;

        public void Add(int kills, int killsMidStep, int processes, int atLeastOnceRuns, int reruns, int atMostOnceAttempts, int atMostOnceRetries)
        {
            _runs++;
            _kills += kills;
            _killsMidStep += killsMidStep;
            _processes += processes;
            _atLeastOnceRuns += atLeastOnceRuns;
            _reruns += reruns;
            _atMostOnceAttempts += atMostOnceAttempts;
            _atMostOnceRetriesAfterInterruption += atMostOnceRetries;
        }

        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"{_runs} runs: {_kills} kills ({_killsMidStep} during a step), {_processes} processes started; at-least-once step runs {_atLeastOnceRuns} ({_reruns} re-runs); at-most-once attempts {_atMostOnceAttempts} ({_atMostOnceRetriesAfterInterruption} new attempts after an interruption, no attempt started twice)");
    }
}
