using System.Text;
using AkkaBackup.Core.Naming;
using AkkaBackup.Node.Output;
using AkkaBackup.Receiver.Overdue;
using AkkaBackup.Store.Database;
using static AkkaBackup.Node.Dashboard.Pages.HtmlText;

namespace AkkaBackup.Node.Dashboard.Pages;

/// <summary>The fleet: a row per client/instance from <c>report summary</c>'s query, overdue ones first.</summary>
public static class OverviewPage
{
    /// <param name="session">The logged-in session; an operator's rows get the instance's actions.</param>
    public static string Render(FleetSummaryJson summary, DashboardSession? session = null)
    {
        var html = new StringBuilder();
        var overdue = summary.Instances.Count(i => i.Overdue == true);
        html.Append($"<p class=\"period\">From {When(summary.Since)} to {When(summary.Until)}; overdue as of now: ")
            .Append(overdue == 0 ? "none." : $"<strong class=\"overdue\">{overdue}</strong>.").Append("</p>");
        if (summary.Instances.Count == 0)
        {
            return html.Append("<p>No backups in the fleet catalog for this period.</p>").ToString();
        }

        html.Append("<table id=\"fleet\"><thead><tr><th>Client/instance</th><th>State</th><th>Type</th><th>Last success</th><th>Age</th><th>Last size</th>")
            .Append("<th>Filed</th><th>Not filed</th><th>Success</th><th>Expected within</th><th>Expected by</th><th>Next run (reported by client)</th><th>Last drill</th>")
            .Append(session?.Role == DashboardRole.Operator ? "<th>Actions</th>" : "").Append("</tr></thead><tbody>");
        foreach (var i in summary.Instances.OrderByDescending(i => i.Overdue == true).ThenBy(i => i.Client, StringComparer.Ordinal).ThenBy(i => i.Instance, StringComparer.Ordinal))
        {
            var state = State(i);
            html.Append($"<tr class=\"instance {state}\" data-client=\"{E(i.Client)}\" data-instance=\"{E(i.Instance)}\">")
                .Append($"<td>{InstanceLink(i.Client, i.Instance)}</td><td class=\"state\">{state}</td><td>{E(i.LastType?.Name() ?? "-")}</td>")
                .Append($"<td>{When(i.LastSuccess)}</td><td>{E(i.LastSuccessAgeSeconds is { } age ? OverdueAlerts.Span(TimeSpan.FromSeconds(age)) : "-")}</td>")
                .Append($"<td>{Size(i.LastArchiveBytes)}</td><td>{i.Filed}</td><td>{i.NotFiled}</td>")
                .Append($"<td>{(i.SuccessRate is { } rate ? Number(Math.Round(rate * 100)) + "%" : "-")}</td>")
                .Append($"<td>{E(i.ExpectedSeconds is { } e ? OverdueAlerts.Span(TimeSpan.FromSeconds(e)) : "not watched")}</td>")
                .Append($"<td class=\"expected-by\">{(i.ExpectedBy is { } by ? When(by) : "-")}</td>")
                .Append($"<td class=\"next-run\">{NextRun(i.NextRun, summary.Until)}</td>")
                .Append($"<td>{E(i.LastDrill is { } d ? $"{EnumText.ToText(d)} {Operator.ConsoleValues.When(i.LastDrillAt)}" : "-")}</td>")
                .Append(session?.Role == DashboardRole.Operator ? $"<td>{Layout.Actions(session, i.Client, i.Instance)}</td>" : "").Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>The client's word for when it runs next; "unknown" when it said nothing, marked when that time has passed.</summary>
    private static string NextRun(DateTimeOffset? next, DateTimeOffset until) => next switch
    {
        null => "unknown",
        { } at when at < DateTimeOffset.UtcNow && until >= DateTimeOffset.UtcNow => $"{When(at)} (passed)",
        { } at => When(at),
    };

    /// <summary>overdue, failing (nothing filed in the period though it tried), ok, or unwatched.</summary>
    public static string State(FleetInstanceJson i) => i switch
    {
        { Overdue: true } => "overdue",
        { Filed: 0, NotFiled: > 0 } => "failing",
        { Overdue: false } => "ok",
        _ => "unwatched",
    };
}
