using AkkaBackup.Store.Catalog;
using static AkkaBackup.Node.Dashboard.Pages.HtmlText;

namespace AkkaBackup.Node.Dashboard.Pages;

/// <summary>One client/instance: its runs as a chart and as the catalog's rows.</summary>
public static class HistoryPage
{
    /// <summary>The catalog events that are the outcome of a run: a filing, or a run that reached the receiver and was not filed.</summary>
    public static readonly IReadOnlySet<CatalogEvent> RunEvents = new HashSet<CatalogEvent> { CatalogEvent.Filed, CatalogEvent.Refused, CatalogEvent.Failed, CatalogEvent.Expired };

    /// <param name="rows">The instance's catalog rows, newest first, as the log gives them.</param>
    public static string Render(string client, string instance, IReadOnlyList<CatalogEntry> rows, DashboardSession? session = null)
    {
        var runs = rows.Where(r => RunEvents.Contains(r.Event)).OrderBy(r => r.At).ThenBy(r => r.Id).ToList();
        return $"<p>{runs.Count} run(s) of {E(client)}/{E(instance)}, {runs.Count(r => r.Event == CatalogEvent.Filed)} filed. " +
               "Downtime is what each client reported with its archive; the client's own run log (<code>abk &lt;client&gt; log list</code>) has every run's.</p>" +
               Layout.Actions(session, client, instance) +
               HistoryChart.Render(runs) +
               $"<h2>Catalog rows</h2><p><a href=\"/log?client={E(U(client))}&amp;instance={E(U(instance))}\">Filter the run log on this instance</a></p>" +
               LogPage.Table(rows);
    }
}
