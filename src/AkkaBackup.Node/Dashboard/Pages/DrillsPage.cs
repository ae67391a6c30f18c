using System.Text;
using AkkaBackup.Store.Catalog;
using AkkaBackup.Store.Database;
using static AkkaBackup.Node.Dashboard.Pages.HtmlText;

namespace AkkaBackup.Node.Dashboard.Pages;

/// <summary>The catalog's restore-drill rows (<c>log list --event drill</c>): outcome, archive, and each table checked.</summary>
public static class DrillsPage
{
    public static string Render(IReadOnlyList<CatalogEntry> drills)
    {
        if (drills.Count == 0)
        {
            return "<p>No restore drills in the catalog. Run one with <code>akkabackup drill</code>, or as an operator with Drill now on the fleet page.</p>";
        }

        var html = new StringBuilder();
        foreach (var r in drills)
        {
            var status = r.Drill is { } d ? EnumText.ToText(d.Status) : "unknown";
            html.Append($"<section class=\"drill {status}\" data-id=\"{r.Id}\"><h2>{When(r.At)} {InstanceLink(r.Client ?? "-", r.Instance ?? "-")}: {E(status)}</h2>")
                .Append($"<p>{E(r.StoredName)}, took {E(Operator.ConsoleValues.Seconds(r.Duration))}{(r.Drill?.FailedStage is { } stage ? $", stopped at {E(stage)}: {E(r.Reason)}" : "")}</p>");
            if (r.Drill is { Tables.Count: > 0 } drill)
            {
                html.Append("<table class=\"tables\"><thead><tr><th>Table</th><th>Check</th><th>Checksum</th></tr></thead><tbody>");
                foreach (var t in drill.Tables)
                {
                    html.Append($"<tr class=\"{(t.Passed ? "passed" : "failed")}\"><td>{E(t.Table)}</td><td>{E(t.Check)}</td><td>{t.Checksum?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}</td></tr>");
                }

                html.Append("</tbody></table>");
            }

            html.Append("</section>");
        }

        return html.ToString();
    }
}
