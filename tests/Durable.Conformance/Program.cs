using System.Globalization;
using Durable.Conformance.Driver;
using Durable.Conformance.Requirements;

// Conformance report: runs every requirement in ../shared/conformance/requirements against the local engine and
// prints ID, title and PASSED / FAILED / NOT_IMPLEMENTED (with the reason).
//   dotnet run --project tests/Durable.Conformance [-- [--filter <id-prefix>] [--seed <n>] [--transport in-process|http|process] [--verbose]]
// Requirements that crash the function always run it as a separate process. The runner starts itself with
// --serve-function <id> for that: the function under test, served through the Lambda Runtime API.
if (args is ["--serve-function", var functionOf])
{
    return await FunctionProcess.ServeAsync(functionOf);
}

var filter = Option("--filter");
var transport = Option("--transport") switch
{
    null or "in-process" => ConformanceTransport.InProcess,
    "http" => ConformanceTransport.Http,
    "process" => ConformanceTransport.Process,
    var other => throw new ArgumentException($"Unknown transport '{other}': use in-process, http or process."),
};
var verbose = args.Contains("--verbose");
var seed = int.TryParse(Option("--seed"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : Environment.TickCount & 0x7FFFFFFF;
var directory = RequirementLoader.FindRequirementsDirectory(AppContext.BaseDirectory)
    ?? RequirementLoader.FindRequirementsDirectory(Environment.CurrentDirectory);
if (directory is null)
{
    Console.Error.WriteLine("The requirements folder ../shared/conformance/requirements was not found next to the repository root.");
    return 2;
}

var requirements = RequirementLoader.LoadAll(directory).Where(r => filter is null || r.Id.StartsWith(filter, StringComparison.Ordinal)).ToList();
var outcomes = new List<RequirementOutcome>();
foreach (var requirement in requirements)
{
    outcomes.Add(await RequirementRunner.RunAsync(requirement, seed, transport));
}

Console.WriteLine(ConformanceReport.Format(outcomes, seed));
if (verbose)
{
    foreach (var failed in outcomes.Where(o => o.Status is RequirementStatus.Failed or RequirementStatus.OptionalFailed))
    {
        Console.WriteLine($"--- {failed.Requirement.Id} history ---");
        Console.WriteLine(failed.HistoryJson);
    }
}

return outcomes.Any(o => o.Status is RequirementStatus.Failed or RequirementStatus.Uncovered) ? 1 : 0;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
