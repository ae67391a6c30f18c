using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;

namespace AkkaBackup.TestSupport.Alerts;

public sealed record ReceivedWebhook(string Path, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public JsonElement Alert => Json.GetProperty("alert");
}

/// <summary>
/// A real HTTP endpoint on a loopback port. Every request is recorded before it is answered, so once a
/// sender has its answer the request is in <see cref="All"/>. <see cref="Hold"/> keeps answers back
/// until <see cref="Release"/>, to play a stuck service.
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<ReceivedWebhook> _arrivals = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly ConcurrentQueue<ReceivedWebhook> _all = new();
    private TaskCompletionSource _answer = Answered();

    public WebhookReceiver()
    {
        // A port free a moment ago may be taken by a concurrent test: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                _listener.Prefixes.Clear();
            }
        }

        _ = ServeAsync();
    }

    public int Port { get; }

    public int StatusCode { get; set; } = 200;

    public IReadOnlyList<ReceivedWebhook> All => _all.ToList();

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    public void Hold() => _answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _answer.TrySetResult();

    /// <summary>The next request to arrive; fails after <paramref name="patience"/> (default: a minute).</summary>
    public async Task<ReceivedWebhook> NextAsync(TimeSpan? patience = null)
    {
        using var waited = new CancellationTokenSource(patience ?? TimeSpan.FromMinutes(1));
        return await _arrivals.Reader.ReadAsync(waited.Token);
    }

    public void Dispose()
    {
        Release();
        _listener.Close();
    }

    private static TaskCompletionSource Answered()
    {
        var answered = new TaskCompletionSource();
        answered.SetResult();
        return answered;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            // One task per request, so a held answer does not stop the next request from arriving.
            _ = AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, context.Request.ContentEncoding);
        var received = new ReceivedWebhook(context.Request.Url!.AbsolutePath, context.Request.ContentType, await reader.ReadToEndAsync());
        _all.Enqueue(received);
        _arrivals.Writer.TryWrite(received);
        await _answer.Task;
        context.Response.StatusCode = StatusCode;
        context.Response.Close();
    }
}
