using System.Text.Json.Serialization.Metadata;
using AkkaBackup.Node.Operator;
using AkkaBackup.Node.Output;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

namespace AkkaBackup.Node.Dashboard;

/// <summary>
/// The dashboard's JSON, each the same query and the same shape as a receiver console command's <c>--json</c>:
/// <c>/api/fleet</c> = <c>report summary</c>, <c>/api/log</c> = <c>log list|search</c>, <c>/api/retention</c> =
/// <c>retention plan</c>, <c>/api/transfers</c> = the transfers of <c>node status</c>.
/// </summary>
public static class DashboardApi
{
    public static void Map(WebApplication app, DashboardSources sources)
    {
        app.MapGet("/api/fleet", c => Answer(c, OutputJsonContext.Default.FleetSummaryJson, async () =>
        {
            var (since, until) = DashboardQuery.Period(c.Request.Query);
            return await FleetQueries.SummaryAsync(sources.Fleet, since, until);
        }));
        app.MapGet("/api/log", c => Answer(c, OutputJsonContext.Default.IReadOnlyListCatalogEntryJson, async () =>
            (IReadOnlyList<CatalogEntryJson>)(await FleetQueries.LogAsync(sources.Fleet, DashboardQuery.Log(c.Request.Query))).Select(CatalogEntryJson.Of).ToList()));
        app.MapGet("/api/retention", c => Answer(c, OutputJsonContext.Default.RetentionJson, Plan));
        app.MapGet("/api/transfers", c => Answer(c, OutputJsonContext.Default.ReceiverStatus, Transfers));
        app.MapGet("/api/transfers/events", c => TransferEvents.StreamAsync(c, sources.Gateway, app.Lifetime.ApplicationStopping));

        Task<RetentionJson> Plan() => Task.FromResult(RetentionReport.ToJson(FleetQueries.RetentionPlan(sources.Settings, sources.Retention)));
        Task<ReceiverStatus> Transfers() => FleetQueries.TransfersAsync(sources.Gateway);
    }

    private static async Task Answer<T>(HttpContext context, JsonTypeInfo<T> type, Func<Task<T>> query)
    {
        T value;
        try
        {
            value = await query();
        }
        catch (Exception e) when (DashboardQuery.Expected(e))
        {
            context.Response.StatusCode = DashboardQuery.StatusOf(e);
            await context.Response.WriteAsJsonAsync(new DashboardError(e.Message), OutputJsonContext.Default.DashboardError, cancellationToken: context.RequestAborted);
            return;
        }

        await context.Response.WriteAsJsonAsync(value, type, cancellationToken: context.RequestAborted);
    }
}
