using System.Text;
using AkkaBackup.Node.Output;
using AkkaBackup.Store.Database;
using static AkkaBackup.Node.Dashboard.Pages.HtmlText;

namespace AkkaBackup.Node.Dashboard.Pages;

/// <summary><c>retention plan</c>: what the next retention pass would delete and why, and what it keeps. Nothing is deleted.</summary>
public static class RetentionPage
{
    public static string Render(RetentionJson plan)
    {
        var html = new StringBuilder($"<p>A dry run: {plan.Deletions.Count} backup(s) would go ({Size(plan.Deletions.Sum(d => d.SizeBytes))}), {plan.Kept.Count} stay.</p>");
        foreach (var w in plan.Warnings)
        {
            html.Append(Layout.Problem($"{w.Instance ?? "store"}: {w.Message} ({EnumText.ToText(w.Rule)})"));
        }

        html.Append("<h2>Would delete</h2><table id=\"deletions\"><thead><tr><th>Instance</th><th>Backup</th><th>Stored</th><th>Size</th><th>Rule</th><th>Why</th></tr></thead><tbody>");
        foreach (var d in plan.Deletions)
        {
            html.Append($"<tr><td>{E(d.Instance)}</td><td>{E(Path.GetFileName(d.Path))}</td><td>{When(d.StoredAt)}</td><td>{Size(d.SizeBytes)}</td><td>{E(EnumText.ToText(d.Rule))}</td><td>{E(d.Reason)}</td></tr>");
        }

        html.Append("</tbody></table><h2>Keeps</h2><table id=\"kept\"><thead><tr><th>Instance</th><th>Backup</th><th>Rules</th><th>Why</th></tr></thead><tbody>");
        foreach (var k in plan.Kept)
        {
            html.Append($"<tr><td>{E(k.Instance)}</td><td>{E(Path.GetFileName(k.Path))}</td><td>{E(string.Join(", ", k.Rules.Select(EnumText.ToText)))}</td><td>{E(k.Reason)}</td></tr>");
        }

        html.Append("</tbody></table>");
        if (plan.Problems.Count > 0)
        {
            html.Append("<h2>Not backups, left alone</h2><ul>");
            foreach (var p in plan.Problems)
            {
                html.Append($"<li>{E(Path.GetFileName(p.Path))}: {E(p.Problem)}</li>");
            }

            html.Append("</ul>");
        }

        return html.ToString();
    }
}
