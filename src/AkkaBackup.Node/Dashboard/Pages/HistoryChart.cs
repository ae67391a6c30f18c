using System.Globalization;
using System.Text;
using AkkaBackup.Store.Catalog;
using AkkaBackup.Store.Database;
using static AkkaBackup.Node.Dashboard.Pages.HtmlText;

namespace AkkaBackup.Node.Dashboard.Pages;

/// <summary>
/// One instance's runs as an SVG drawn on the server (no script, no library): a timeline with a mark per run
/// (filed or not), and the transfer duration, server downtime and archive size of each filed run over time. A
/// downtime the client did not report (or the receiver refused) is no point at all, never a 0.
/// </summary>
public static class HistoryChart
{
    private const int Width = 900;
    private const int Left = 80;
    private const int Right = 20;
    private const int PanelHeight = 120;
    private const int Gap = 40;
    private const int Panels = 4;

    /// <param name="runs">The instance's run rows (filed, refused, failed, expired), oldest first.</param>
    public static string Render(IReadOnlyList<CatalogEntry> runs)
    {
        if (runs.Count == 0)
        {
            return "<p>No runs of this instance in the catalog.</p>";
        }

        var first = runs[0].At;
        var span = Math.Max((runs[^1].At - first).TotalSeconds, 1);
        double X(DateTimeOffset at) => runs.Count == 1 ? Left + (Width - Left - Right) / 2.0 : Left + (at - first).TotalSeconds / span * (Width - Left - Right);

        var filed = runs.Where(r => r.Event == CatalogEvent.Filed).ToList();
        var unknown = filed.Count(r => r.Downtime is null);
        var height = Panels * (PanelHeight + Gap);
        var svg = new StringBuilder($"<svg id=\"history-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"runs over time\">");
        Timeline(svg, runs, X, top: Gap / 2);
        Series(svg, "duration", "transfer duration (s)", filed, r => r.Duration?.TotalSeconds, Seconds, X, top: PanelHeight + Gap + Gap / 2);
        Series(svg, "downtime", $"server downtime (s), as reported by the client{(unknown > 0 ? $"; {unknown} unknown, not drawn" : "")}", filed, r => r.Downtime?.TotalSeconds, Seconds, X,
            top: 2 * (PanelHeight + Gap) + Gap / 2);
        Series(svg, "size", "archive size", filed, r => r.ArchiveBytes, v => Operator.ConsoleValues.Size((long)v), X, top: 3 * (PanelHeight + Gap) + Gap / 2);
        svg.Append($"<text class=\"axis\" x=\"{Left}\" y=\"{height - 4}\">{When(first)}</text>")
            .Append($"<text class=\"axis\" x=\"{Width - Right}\" y=\"{height - 4}\" text-anchor=\"end\">{When(runs[^1].At)}</text>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A mark per run: green filled for a filing, red for one that was refused, failed or expired.</summary>
    private static void Timeline(StringBuilder svg, IReadOnlyList<CatalogEntry> runs, Func<DateTimeOffset, double> x, int top)
    {
        var y = top + PanelHeight / 2;
        svg.Append($"<text class=\"label\" x=\"0\" y=\"{y + 4}\">outcome</text><line class=\"baseline\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y}\" y2=\"{y}\"/>");
        foreach (var r in runs)
        {
            var outcome = r.Event == CatalogEvent.Filed ? "success" : "failure";
            svg.Append($"<circle class=\"run {outcome}\" data-id=\"{r.Id}\" cx=\"{F(x(r.At))}\" cy=\"{y}\" r=\"6\">")
                .Append($"<title>{When(r.At)} {E(EnumText.ToText(r.Event))}{(r.Reason is { } why ? ": " + E(why) : "")}</title></circle>");
        }
    }

    private static void Series(
        StringBuilder svg, string name, string label, IReadOnlyList<CatalogEntry> filed, Func<CatalogEntry, double?> value, Func<double, string> text, Func<DateTimeOffset, double> x, int top)
    {
        var points = filed.Select(r => (Run: r, Value: value(r))).Where(p => p.Value is not null).Select(p => (p.Run, Value: p.Value!.Value)).ToList();
        var max = points.Count == 0 ? 1 : Math.Max(points.Max(p => p.Value), double.Epsilon);
        double Y(double v) => top + PanelHeight - v / max * PanelHeight;

        svg.Append($"<g class=\"series {name}\"><text class=\"label\" x=\"{Left}\" y=\"{top - 8}\">{E(label)}</text>")
            .Append($"<text class=\"axis\" x=\"{Left - 6}\" y=\"{top + 10}\" text-anchor=\"end\">{E(text(max))}</text>")
            .Append($"<line class=\"baseline\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{top + PanelHeight}\" y2=\"{top + PanelHeight}\"/>");
        if (points.Count > 1)
        {
            svg.Append($"<polyline class=\"trend\" points=\"{string.Join(' ', points.Select(p => $"{F(x(p.Run.At))},{F(Y(p.Value))}"))}\"/>");
        }

        foreach (var (run, v) in points)
        {
            svg.Append($"<circle class=\"point\" data-id=\"{run.Id}\" cx=\"{F(x(run.At))}\" cy=\"{F(Y(v))}\" r=\"4\"><title>{When(run.At)}: {E(text(v))}</title></circle>");
        }

        svg.Append("</g>");
    }

    private static string Seconds(double v) => Number(Math.Round(v, 1)) + " s";

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
