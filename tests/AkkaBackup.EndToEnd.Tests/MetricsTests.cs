using System.Net;
using System.Text;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>A node with <c>akkabackup.metrics.otlp-endpoint</c> pushes its meter over OTLP/HTTP to a collector (here a small local listener).</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Client_and_receiver_push_their_metrics_to_an_otlp_collector()
    {
        using var collector = new OtlpListener();
        await using var env = await BackupEnvironment.CreateAsync(rows: 200);
        var export = $"akkabackup.metrics {{ otlp-endpoint = \"{collector.Endpoint}\", export-interval = 1s }}";
        await env.StartReceiverAsync(env.WriteReceiverConfig(export));

        var (code, backup) = await env.BackupAsync(env.WriteClientConfig(extra: export));

        Assert.True(code == 0, backup.Output);
        await collector.WaitForAsync("akkabackup.transfers.stored", TimeSpan.FromSeconds(30));
        var bodies = await collector.WaitForAsync("akkabackup.runs", TimeSpan.FromSeconds(30));
        Assert.Contains("succeeded", bodies);
        Assert.Contains("akkabackup.run.downtime", bodies);
        Assert.All(collector.ContentTypes, t => Assert.Equal("application/x-protobuf", t));
    }

    [Fact]
    public async Task A_collector_that_is_down_costs_the_backup_nothing()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        var down = $"akkabackup.metrics {{ otlp-endpoint = \"http://127.0.0.1:{AkkaBackup.TestSupport.FreePort.Next()}/v1/metrics\", export-interval = 1s }}";
        await env.StartReceiverAsync(env.WriteReceiverConfig(down));

        var (code, backup) = await env.BackupAsync(env.WriteClientConfig(extra: down));

        Assert.True(code == 0, backup.Output);
        Assert.Single(env.StoredArchives());
        Assert.True(await env.Db.AnswersAsync());
        Assert.False(env.Receiver!.HasExited);
    }

    [Fact]
    public async Task An_endpoint_that_is_not_a_url_stops_the_node_naming_the_setting()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 10);

        var (code, backup) = await env.BackupAsync(env.WriteClientConfig(extra: "akkabackup.metrics.otlp-endpoint = \"collector:4318\""));

        Assert.Equal(2, code);
        Assert.Contains("akkabackup.metrics.otlp-endpoint = \"collector:4318\" is not an http(s) URL", backup.Output);
    }

    private sealed class OtlpListener : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<string> _bodies = [];

        public OtlpListener()
        {
            var port = AkkaBackup.TestSupport.FreePort.Next();
            Endpoint = $"http://127.0.0.1:{port}/v1/metrics";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = ServeAsync();
        }

        public string Endpoint { get; }

        public List<string> ContentTypes { get; } = [];

        public async Task<string> WaitForAsync(string text, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                lock (_bodies)
                {
                    var all = string.Join("\n", _bodies);
                    if (all.Contains(text, StringComparison.Ordinal))
                    {
                        return all;
                    }

                    if (DateTime.UtcNow > deadline)
                    {
                        throw new TimeoutException($"no '{text}' in {_bodies.Count} OTLP request(s)");
                    }
                }

                await Task.Delay(100);
            }
        }

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (_bodies)
                {
                    // Protobuf keeps strings as UTF-8 bytes: names and attribute values are readable in it.
                    _bodies.Add(Encoding.UTF8.GetString(body.ToArray()));
                    ContentTypes.Add(context.Request.ContentType ?? "");
                }

                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }
    }
}
