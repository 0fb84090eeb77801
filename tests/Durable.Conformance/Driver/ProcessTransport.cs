using Durable.Local.Server.DurableApi;

namespace Durable.Conformance.Driver;

/// <summary>
/// The process mode of a requirement run: the engine's REST front on a free loopback port, a state folder that
/// outlives function processes (the handlers' once-flags), and the environment switched to run the function under
/// test as a child process of this program.
/// </summary>
internal sealed class ProcessTransport : IAsyncDisposable
{
    private readonly DurableApiServer _server;
    private readonly string _stateFolder;

    private ProcessTransport(DurableApiServer server, string stateFolder)
    {
        _server = server;
        _stateFolder = stateFolder;
    }

    public static async Task<ProcessTransport> StartAsync(ConformanceEnvironment environment)
    {
        var server = await DurableApiServer.StartAsync(environment.Engine);
        var folder = Directory.CreateTempSubdirectory("durable-conformance-").FullName;
        environment.UseFunctionProcess(server.BaseAddress, folder);
        return new ProcessTransport(server, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_stateFolder, recursive: true);
    }
}
