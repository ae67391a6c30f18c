using System.Text;
using AkkaBackup.Core.Naming;
using AkkaBackup.Node.Operator.Palettes;
using AkkaBackup.Store.Catalog;
using AkkaBackup.Store.Database;
using Microsoft.AspNetCore.Http;
using static AkkaBackup.Node.Dashboard.Pages.HtmlText;

namespace AkkaBackup.Node.Dashboard.Pages;

/// <summary>
/// The fleet catalog, newest first, with the filters of <c>abk log list|search</c> (the form's fields are their
/// option names) and pages of <c>limit</c> rows.
/// </summary>
public static class LogPage
{
    private static readonly string[] Fields = ["client", "instance", "event", "since", "until", "text", "limit"];

    public static string Render(IQueryCollection query, CatalogQuery filter, IReadOnlyList<CatalogEntry> rows) =>
        Form(query) + Table(rows) + Pager(query, filter, rows.Count);

    /// <summary>The form alone, for a request whose filter was refused.</summary>
    public static string Form(IQueryCollection query)
    {
        var html = new StringBuilder("<form method=\"get\" action=\"/log\" class=\"filters\" id=\"log-filters\">");
        foreach (var field in Fields.Where(f => f != "event"))
        {
            html.Append($"<label>{E(field)} <input name=\"{field}\" value=\"{E(query[field].ToString())}\"></label>");
        }

        html.Append("<label>event <select name=\"event\"><option value=\"\">any</option>");
        foreach (var kind in Enum.GetValues<CatalogEvent>().Select(EnumText.ToText))
        {
            html.Append($"<option{(query["event"] == kind ? " selected" : "")}>{E(kind)}</option>");
        }

        return html.Append("</select></label><button type=\"submit\">Filter</button></form>").ToString();
    }

    public static string Table(IReadOnlyList<CatalogEntry> rows)
    {
        if (rows.Count == 0)
        {
            return "<p id=\"log-empty\">No catalog rows match.</p>";
        }

        var html = new StringBuilder("<table id=\"log\"><thead><tr><th>At</th><th>Event</th><th>Client</th><th>Instance</th><th>Type</th><th>Size</th><th>Took</th><th>Downtime</th><th>What</th></tr></thead><tbody>");
        foreach (var r in rows)
        {
            html.Append($"<tr class=\"row {EnumText.ToText(r.Event)}\" data-id=\"{r.Id}\"><td>{When(r.At)}</td><td>{E(EnumText.ToText(r.Event))}{(r.Count > 1 ? $" x{r.Count}" : "")}</td>")
                .Append($"<td>{E(r.Client ?? r.Peer ?? "-")}</td><td>{E(r.Instance ?? "-")}</td><td>{E(r.Type?.Name() ?? "-")}</td>")
                .Append($"<td>{Size(r.ArchiveBytes)}</td><td>{E(Operator.ConsoleValues.Seconds(r.Duration))}</td><td>{Downtime(r)}</td><td>{E(FleetLogPalette.What(r))}</td></tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>A filing's downtime as its client reported it; "unknown" when it did not (never a 0 it did not say).</summary>
    private static string Downtime(CatalogEntry r) =>
        r.Event != CatalogEvent.Filed ? "-" : r.Downtime is { } d ? E(Operator.ConsoleValues.Seconds(d)) : "unknown";

    /// <summary>Newer and older pages: the same filters with the offset moved by a page.</summary>
    private static string Pager(IQueryCollection query, CatalogQuery filter, int shown)
    {
        var html = new StringBuilder("<nav class=\"pager\">");
        if (filter.Offset > 0)
        {
            html.Append($"<a rel=\"prev\" href=\"{Link(query, Math.Max(0, filter.Offset - filter.Limit))}\">Newer</a>");
        }

        html.Append($"<span>rows {(shown == 0 ? 0 : filter.Offset + 1)}–{filter.Offset + shown}</span>");
        if (shown == filter.Limit)
        {
            html.Append($"<a rel=\"next\" href=\"{Link(query, filter.Offset + filter.Limit)}\">Older</a>");
        }

        return html.Append("</nav>").ToString();
    }

    private static string Link(IQueryCollection query, int offset)
    {
        var parts = query.Where(q => q.Key != "offset" && !string.IsNullOrEmpty(q.Value.ToString()))
            .Select(q => $"{U(q.Key)}={U(q.Value.ToString())}")
            .Append($"offset={offset}");
        return E("/log?" + string.Join('&', parts));
    }
}
