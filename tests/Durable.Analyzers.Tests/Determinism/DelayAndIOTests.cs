namespace Durable.Analyzers.Tests.Determinism;

public class DelayAndIOTests
{
    [Fact]
    public async Task In_process_delays_timers_and_blocking_waits_are_reported()
    {
        await Verify.AnalyzerAsync<NondeterministicApiAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(IDurableContext context, CancellationToken token)
                {
                    {|DUR1004:Thread.Sleep(1000)|};
                    await {|DUR1004:Task.Delay(TimeSpan.FromSeconds(5), token)|};
                    using var cts = {|DUR1004:new CancellationTokenSource(TimeSpan.FromMinutes(1))|};
                    {|DUR1004:cts.CancelAfter(500)|};
                    using var timer = {|DUR1004:new PeriodicTimer(TimeSpan.FromSeconds(1))|};
                    {|DUR1004:SpinWait.SpinUntil(() => token.IsCancellationRequested, 100)|};
                    using var signal = new ManualResetEventSlim();
                    var other = File.ReadAllTextAsync("x");
                    {|DUR1004:other.Wait()|};
                    await context.StepAsync(async _ => { Thread.Sleep(10); await Task.Delay(10); });
                }
            }
            """,
            new() { DefaultDiagnosticId = DiagnosticIds.InProcessDelay, ExpectedDiagnostics = [Durable.Testing.Roslyn.ExpectedDiagnostic.InFile(DiagnosticIds.LocalIO, "Test0.cs")] });
    }

    [Fact]
    public async Task Network_cloud_and_database_calls_are_reported_but_not_in_steps()
    {
        await Verify.AnalyzerAsync<NondeterministicApiAnalyzer>("""
            using Durable;
            using System.Data.Common;
            using System.Net.Http.Json;

            public sealed class Flow(HttpClient http, DbConnection database)
            {
                public async Task<string> RunAsync(IDurableContext context)
                {
                    var page = await {|DUR1005:http.GetStringAsync("https://example.com")|};
                    var json = await {|DUR1005:http.GetFromJsonAsync<string[]>("https://example.com/items")|};
                    await {|DUR1005:database.OpenAsync()|};
                    var addresses = await {|DUR1005:System.Net.Dns.GetHostAddressesAsync("example.com")|};
                    var inStep = await context.StepAsync(s => http.GetStringAsync("https://example.com", s.CancellationToken));
                    http.Dispose();
                    return page + json?.Length + addresses.Length + inStep;
                }
            }
            """);
    }

    [Fact]
    public async Task Aws_service_clients_are_recognised_through_IAmazonService()
    {
        await Verify.AnalyzerAsync<NondeterministicApiAnalyzer>("""
            using Durable;

            namespace Amazon.Runtime { public interface IAmazonService { } }
            namespace Amazon.S3
            {
                public interface IAmazonS3 : Amazon.Runtime.IAmazonService
                {
                    Task<string> PutObjectAsync(string key, string body, CancellationToken cancellationToken = default);
                }
            }

            public sealed class Flow(Amazon.S3.IAmazonS3 s3)
            {
                public async Task<string> RunAsync(IDurableContext context)
                {
                    var etag = await {|DUR1005:s3.PutObjectAsync("k", "v")|};
                    return etag + await context.StepAsync(_ => s3.PutObjectAsync("k2", "v"));
                }
            }
            """);
    }

    [Fact]
    public async Task File_process_and_console_input_are_reported()
    {
        await Verify.AnalyzerAsync<NondeterministicApiAnalyzer>("""
            using Durable;
            using System.Diagnostics;

            public static class Flow
            {
                public static async Task<int> RunAsync(IDurableContext context)
                {
                    var text = {|DUR1006:File.ReadAllText("orders.json")|};
                    var exists = {|DUR1006:Directory.Exists("/tmp")|};
                    var info = new FileInfo("a.txt");
                    var size = {|DUR1006:info.OpenRead()|}.Length;
                    using var stream = {|DUR1006:new FileStream("b.bin", FileMode.Open)|};
                    using var reader = {|DUR1006:new StreamReader("c.txt")|};
                    using var fromStream = new StreamReader(stream);
                    var line = {|DUR1006:Console.ReadLine()|};
                    using var process = {|DUR1006:Process.Start("ls")|};
                    var stepText = await context.StepAsync(_ => File.ReadAllText("orders.json"));
                    return text.Length + (exists ? 1 : 0) + (int)size + (line?.Length ?? 0) + stepText.Length;
                }
            }
            """);
    }
}
