using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Durable.Local.Sqlite.Tests;

/// <summary>
/// The engine process is killed (SIGKILL) in the middle of a running execution, several times, then started again on
/// the same SQLite file: the execution completes with the right result, every step's result is the acknowledged one,
/// and no step runs again after its checkpoint was acknowledged.
/// </summary>
public class EngineKillTests
{
    private const int Steps = 30;

    public static TheoryData<int> Seeds => new() { 1, 2, 3, 4, 5, 6, 7, 8 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Killing_the_engine_loses_no_acknowledged_checkpoint(int seed)
    {
        var directory = Directory.CreateTempSubdirectory("durable-kill-");
        try
        {
            var database = Path.Combine(directory.FullName, "engine.db");
            var journal = Path.Combine(directory.FullName, "journal.txt");
            var random = new Random(seed);
            var kills = 1 + (seed % 3);
            // Each run is killed once it has executed the step of a seeded index, at a seeded moment after it. Indices
            // only grow across runs (a restarted engine replays finished steps without printing them).
            var targets = Enumerable.Range(0, kills).Select(_ => random.Next(1, Steps - 10)).Order().ToArray();
            for (var kill = 0; kill < kills; kill++)
            {
                using var host = StartHost(database, journal);
                var target = targets[kill];
                var delay = random.Next(0, 15);
                // A dedicated thread reads the host's output and kills it the moment the target step has run: async
                // reads on a busy two-core machine can lag the host by hundreds of milliseconds.
                var killed = await Task.Factory.StartNew(
                    () =>
                    {
                        while (host.StandardOutput.ReadLine() is { } line)
                        {
                            if (line.StartsWith("exec ", StringComparison.Ordinal) && int.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture) >= target)
                            {
                                Thread.Sleep(delay);
                                host.Kill();
                                return true;
                            }
                        }

                        return false;
                    },
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(60));
                await host.WaitForExitAsync();
                Assert.True(killed && host.ExitCode != 0, $"The host finished before it could be killed: {await host.StandardError.ReadToEndAsync()}");
            }

            // The kills really cut the execution short: some steps were acknowledged, not all.
            var acknowledgedBeforeFinalRun = File.ReadAllLines(journal).Where(l => l.StartsWith("ack ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).Distinct().Count();
            Assert.InRange(acknowledgedBeforeFinalRun, 1, Steps - 1);

            using var final = StartHost(database, journal);
            var output = final.StandardOutput.ReadToEndAsync();
            await final.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(final.ExitCode == 0, $"The final run failed: {await final.StandardError.ReadToEndAsync()}");

            using var report = JsonDocument.Parse((await output).Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
            var expected = Expected();
            Assert.Equal("SUCCEEDED", report.RootElement.GetProperty("Status").GetString());
            Assert.Equal(expected[^1].ToString(CultureInfo.InvariantCulture), report.RootElement.GetProperty("Result").GetString());
            Assert.Equal(
                expected.Select((value, i) => $"step-{i}={value}"),
                report.RootElement.GetProperty("Succeeded").EnumerateArray().Select(e => e.GetString()));
            Assert.True(report.RootElement.GetProperty("Invocations").GetInt32() > kills, "Every kill cut an invocation short.");

            // The journal: every acknowledged value is the final one, and nothing ran again once acknowledged.
            var lines = File.ReadAllLines(journal).Select(l => l.Split(' ')).ToList();
            for (var i = 0; i < Steps; i++)
            {
                var index = i.ToString(CultureInfo.InvariantCulture);
                var value = expected[i].ToString(CultureInfo.InvariantCulture);
                var firstAck = lines.FindIndex(l => l[0] == "ack" && l[1] == index);
                Assert.True(firstAck >= 0, $"Step {i} was never acknowledged.");
                Assert.All(lines.Where(l => l[0] == "ack" && l[1] == index), l => Assert.Equal(value, l[2]));
                var rerun = lines.FindIndex(firstAck, l => l[0] == "exec" && l[1] == index);
                Assert.True(rerun < 0, $"Step {i} ran again after its checkpoint was acknowledged: a checkpoint was lost.");
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static long[] Expected()
    {
        var values = new long[Steps];
        var value = 42L;
        for (var i = 0; i < Steps; i++)
        {
            value = unchecked((value * 6364136223846793005L) + 1442695040888963407L + i);
            values[i] = value;
        }

        return values;
    }

    private static Process StartHost(string database, string journal)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "Durable.EngineKillHost.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { host, database, journal, Steps.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the engine host.");
    }
}
