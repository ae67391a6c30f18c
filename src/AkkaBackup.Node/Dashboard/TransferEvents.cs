using Akka.Actor;
using AkkaBackup.Node.Operator;
using AkkaBackup.Node.Output;
using Microsoft.AspNetCore.Http;

namespace AkkaBackup.Node.Dashboard;

/// <summary>
/// <c>/api/transfers/events</c>: the gateway's transfers as Server-Sent Events, one <c>data:</c> line of the
/// <c>/api/transfers</c> JSON a second, until the browser goes away or the node stops.
/// </summary>
public static class TransferEvents
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static async Task StreamAsync(HttpContext context, IActorRef gateway, CancellationToken stopping)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            while (!done.IsCancellationRequested)
            {
                var status = await FleetQueries.TransfersAsync(gateway);
                await response.WriteAsync($"data: {OutputJson.Line(status, OutputJsonContext.Default.ReceiverStatus)}\n\n", done.Token);
                await response.Body.FlushAsync(done.Token);
                await Task.Delay(Interval, done.Token);
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
            // The browser left, or the node is stopping: the stream simply ends.
        }
        catch (AskTimeoutException)
        {
            await response.WriteAsync("event: unavailable\ndata: the receiver's gateway did not answer\n\n", CancellationToken.None);
        }
    }
}
