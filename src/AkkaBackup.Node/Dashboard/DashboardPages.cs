using AkkaBackup.Node.Dashboard.Pages;
using AkkaBackup.Node.Operator;
using AkkaBackup.Node.Output;
using AkkaBackup.Store.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AkkaBackup.Node.Dashboard;

/// <summary>The pages, drawn on the server from the same queries as <see cref="DashboardApi"/>; a bad filter or an unreadable catalog is said on the page.</summary>
public static class DashboardPages
{
    public static void Map(WebApplication app, DashboardSources sources, DashboardAssets assets)
    {
        app.MapGet("/", c => Page(c, sources, "Fleet", async () =>
        {
            var (since, until) = DashboardQuery.Period(c.Request.Query);
            return OverviewPage.Render(await FleetQueries.SummaryAsync(sources.Fleet, since, until), DashboardGate.SessionOf(c));
        }));
        app.MapGet("/instances/{client}/{instance}", (HttpContext c, string client, string instance) => Page(c, sources, $"{client}/{instance}", async () =>
        {
            var rows = await FleetQueries.LogAsync(sources.Fleet, new CatalogQuery(Client: client, Instance: instance, Limit: 1000));
            return HistoryPage.Render(client, instance, rows, DashboardGate.SessionOf(c));
        }));
        app.MapGet("/log", c => Page(c, sources, "Run log", async () =>
        {
            var filter = DashboardQuery.Log(c.Request.Query);
            return LogPage.Render(c.Request.Query, filter, await FleetQueries.LogAsync(sources.Fleet, filter));
        }, problemBody: () => LogPage.Form(c.Request.Query)));
        app.MapGet("/transfers", c => Page(c, sources, "Live transfers", async () => TransfersPage.Render(await FleetQueries.TransfersAsync(sources.Gateway)), script: true));
        app.MapGet("/retention", c => Page(c, sources, "Retention plan", Plan));
        app.MapGet("/drills", c => Page(c, sources, "Restore drills", async () =>
            DrillsPage.Render(await FleetQueries.LogAsync(sources.Fleet, new CatalogQuery(Event: CatalogEvent.Drill, Limit: 200)))));
        app.MapGet("/assets/{name}", (HttpContext c, string name) => assets.TryGet(name, out var bytes, out var contentType)
            ? Results.Bytes(bytes, contentType)
            : Results.NotFound());

        Task<string> Plan() => Task.FromResult(RetentionPage.Render(RetentionReport.ToJson(FleetQueries.RetentionPlan(sources.Settings, sources.Retention))));
    }

    private static async Task Page(HttpContext c, DashboardSources sources, string title, Func<Task<string>> body, bool script = false, Func<string>? problemBody = null)
    {
        var session = DashboardGate.SessionOf(c);
        string html;
        int status;
        try
        {
            html = await body();
            status = StatusCodes.Status200OK;
        }
        catch (Exception e) when (DashboardQuery.Expected(e))
        {
            html = Layout.Problem(e.Message) + (problemBody?.Invoke() ?? "");
            status = DashboardQuery.StatusOf(e);
        }

        await DashboardLogin.Html(c, Layout.Page(sources.NodeName, title, session, html, script), status);
    }
}
