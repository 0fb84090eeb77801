using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Durable.Testing.Roslyn;

/// <summary>
/// Checks that an incremental generator caches: (a) rerunning on the same compilation and on a clone leaves every
/// tracked step Cached/Unchanged; (b) an unrelated edit leaves every output (and tracked step) Cached/Unchanged;
/// (c) a relevant edit makes at least one tracked step or output New/Modified/Removed; (d) no tracked step output
/// reaches a Roslyn object (symbol, syntax, Compilation, SemanticModel, Location, ...). All problems are collected
/// and reported together, with a table of step reasons per run.
/// </summary>
public static class IncrementalGeneratorCacheChecker
{
    private static readonly IncrementalStepRunReason[] s_cachedReasons = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    /// <summary>Runs checks (a)–(d) on <paramref name="generator"/> over <paramref name="compilation"/>.</summary>
    /// <exception cref="RoslynTestException">Any check failed; the message lists every failure.</exception>
    public static void Verify(IIncrementalGenerator generator, Compilation compilation, IncrementalCacheCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(compilation);
        ArgumentNullException.ThrowIfNull(options);
        if (options.TrackingNames.Count == 0)
        {
            throw new ArgumentException("Name at least one tracking step.", nameof(options));
        }

        var failures = new List<string>();
        var log = new StringBuilder();
        var driver = GeneratorVerifier.CreateDriver(compilation, [generator], options.AnalyzerConfig, options.AdditionalFiles,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        var first = Run(ref driver, compilation, "first run", options.TrackingNames, log);
        if (options.RequireGeneratedSources && first.GeneratedSources.IsEmpty)
        {
            failures.Add("The first run generated no source, so caching cannot be judged. Use an input the generator handles.");
        }

        var missing = options.TrackingNames.Where(n => !first.TrackedSteps.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            failures.Add($"Tracking name(s) not found in the first run: {string.Join(", ", missing)}. " +
                $"Steps seen: {string.Join(", ", first.TrackedSteps.Keys.OrderBy(k => k, StringComparer.Ordinal))}.");
        }

        // (d) on the first run's outputs: every value is new there, so every shape is visited.
        failures.AddRange(FindRoslynObjects(first, options));

        // (a) identical compilation, then a clone (same trees, new Compilation object).
        var baseline = driver;
        var same = Run(ref driver, compilation, "same compilation", options.TrackingNames, log);
        failures.AddRange(ExpectCached(same, options.TrackingNames, "rerun on the same compilation", includeSteps: true));
        var clone = Run(ref driver, compilation.Clone(), "cloned compilation", options.TrackingNames, log);
        failures.AddRange(ExpectCached(clone, options.TrackingNames, "rerun on a clone of the compilation", includeSteps: true));

        // (b) unrelated edit, from the state after the first run.
        if (options.UnrelatedEdit is { } unrelatedEdit)
        {
            var unrelatedDriver = baseline;
            var unrelated = Run(ref unrelatedDriver, unrelatedEdit(compilation), "unrelated edit", options.TrackingNames, log);
            failures.AddRange(ExpectCached(unrelated, options.TrackingNames, "the unrelated edit", options.UnrelatedEditChecksTrackedSteps));
        }

        // (c) relevant edit, from the state after the first run.
        if (options.RelevantEdit is { } relevantEdit)
        {
            var relevantDriver = baseline;
            var relevant = Run(ref relevantDriver, relevantEdit(compilation), "relevant edit", options.TrackingNames, log);
            var changed = options.TrackingNames
                .Where(relevant.TrackedSteps.ContainsKey)
                .SelectMany(n => relevant.TrackedSteps[n])
                .Concat(relevant.TrackedOutputSteps.SelectMany(kv => kv.Value))
                .SelectMany(step => step.Outputs)
                .Any(o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified or IncrementalStepRunReason.Removed);
            if (!changed)
            {
                failures.Add("After the relevant edit, no tracked step or output is New, Modified or Removed: the generator did not notice the edit.");
            }

            failures.AddRange(FindRoslynObjects(relevant, options));
        }

        if (failures.Count > 0)
        {
            throw new RoslynTestException(
                $"Generator {generator.GetType().FullName} does not cache correctly ({failures.Count} problem(s)):\n" +
                string.Join("\n", failures.Select(f => "  - " + f)) +
                "\n\nOutput reasons per run (the tracked steps named in the test, then the generator's outputs):\n" + log);
        }
    }

    /// <summary>Runs checks (a)–(d) with the given tracking names and edits.</summary>
    public static void Verify(
        IIncrementalGenerator generator,
        Compilation compilation,
        IEnumerable<string> trackingNames,
        Func<Compilation, Compilation>? unrelatedEdit = null,
        Func<Compilation, Compilation>? relevantEdit = null) =>
        Verify(generator, compilation, new IncrementalCacheCheckOptions
        {
            TrackingNames = trackingNames.ToList(),
            UnrelatedEdit = unrelatedEdit,
            RelevantEdit = relevantEdit,
        });

    /// <summary>
    /// Check (d) alone on an existing run: fails if an output of a step named in <paramref name="trackingNames"/> reaches
    /// a Roslyn object, naming the step and the field path to the object.
    /// </summary>
    public static void AssertNoRoslynObjects(GeneratorDriverRunResult runResult, IEnumerable<string> trackingNames, IEnumerable<Type>? allowedRoslynTypes = null)
    {
        ArgumentNullException.ThrowIfNull(runResult);
        var options = new IncrementalCacheCheckOptions { TrackingNames = trackingNames.ToList(), AllowedRoslynTypes = allowedRoslynTypes?.ToList() ?? [] };
        var failures = runResult.Results.SelectMany(r => FindRoslynObjects(r, options)).ToList();
        if (failures.Count > 0)
        {
            throw new RoslynTestException("Generator step outputs hold Roslyn objects:\n" + string.Join("\n", failures.Select(f => "  - " + f)));
        }
    }

    /// <summary>The values of the <c>const string</c> fields of <paramref name="trackingNamesType"/> (a <c>TrackingNames</c> class).</summary>
    public static IReadOnlyList<string> TrackingNamesFrom(Type trackingNamesType)
    {
        ArgumentNullException.ThrowIfNull(trackingNamesType);
        return trackingNamesType.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
    }

    private static GeneratorRunResult Run(ref GeneratorDriver driver, Compilation compilation, string label, IReadOnlyList<string> trackingNames, StringBuilder log)
    {
        driver = driver.RunGenerators(compilation);
        var runResult = driver.GetRunResult();
        GeneratorVerifier.ThrowOnGeneratorExceptions(runResult);
        var result = runResult.Results.Single();

        // Only the generator's own steps and its outputs: Roslyn's internal steps would drown them.
        log.Append("  ").Append(label).Append(":\n");
        var own = trackingNames.Where(result.TrackedSteps.ContainsKey).Select(n => (Label: n, Steps: result.TrackedSteps[n]));
        var outputs = result.TrackedOutputSteps.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (Label: "output " + kv.Key, Steps: kv.Value));
        foreach (var (name, steps) in own.Concat(outputs))
        {
            log.Append("    ").Append(name).Append(": ")
                .Append(string.Join(" | ", steps.Select(s => s.Outputs.IsEmpty ? "(no outputs)" : string.Join(", ", s.Outputs.Select(o => o.Reason)))))
                .Append('\n');
        }

        return result;
    }

    private static IEnumerable<string> ExpectCached(GeneratorRunResult result, IReadOnlyList<string> trackingNames, string label, bool includeSteps)
    {
        var steps = includeSteps
            ? trackingNames.Where(result.TrackedSteps.ContainsKey).Select(n => (Name: n, Steps: result.TrackedSteps[n]))
            : [];
        foreach (var (name, runSteps) in steps.Concat(result.TrackedOutputSteps.Select(kv => (Name: kv.Key, Steps: kv.Value))))
        {
            var reasons = runSteps.SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            var bad = reasons.Where(r => !s_cachedReasons.Contains(r)).ToList();
            if (bad.Count > 0)
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"After {label}, step '{name}' has outputs [{string.Join(", ", reasons)}]; expected only Cached/Unchanged. ") +
                    "Its value is probably not value-equatable (a class without equality, an array or List, a symbol) or depends on the whole compilation.";
            }
        }
    }

    private static IEnumerable<string> FindRoslynObjects(GeneratorRunResult result, IncrementalCacheCheckOptions options)
    {
        foreach (var name in options.TrackingNames.Where(result.TrackedSteps.ContainsKey))
        {
            var steps = result.TrackedSteps[name];
            for (var s = 0; s < steps.Length; s++)
            {
                for (var o = 0; o < steps[s].Outputs.Length; o++)
                {
                    var value = steps[s].Outputs[o].Value;
                    var root = string.Create(CultureInfo.InvariantCulture, $"{name}[{s}].Outputs[{o}]");
                    var findings = RoslynObjectFinder.Find(value, root, [.. options.AllowedRoslynTypes], out var truncated);
                    foreach (var finding in findings)
                    {
                        yield return $"Step '{name}' output reaches {finding.Kind} ({finding.Type.FullName}) at {finding.Path}. " +
                            "Step outputs must hold only plain values (strings, records, EquatableArray); they keep compilations alive and defeat caching.";
                    }

                    if (truncated)
                    {
                        yield return $"Step '{name}' output {root} has a very large object graph; it was not fully inspected.";
                    }
                }
            }
        }
    }
}
