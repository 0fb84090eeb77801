namespace Durable.Local.Server.Tests.Interop;

/// <summary>
/// A fact that needs an external AWS client on the PATH (the <c>aws</c> CLI or <c>python3</c> with boto3). Without it
/// the test is skipped with a clear message, except under <c>CI=true</c>, where the test runs and fails: CI promises
/// both clients.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class InteropFactAttribute : FactAttribute
{
    public InteropFactAttribute(string tool)
    {
        if (ExternalTool.Find(tool) is null && !ExternalTool.IsCi)
        {
            Skip = $"'{tool}' is not on the PATH; the interop test needs the real AWS client (CI=true makes this a failure).";
        }
    }
}
