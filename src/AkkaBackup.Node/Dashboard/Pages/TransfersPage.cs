using System.Text;
using static AkkaBackup.Node.Dashboard.Pages.HtmlText;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

namespace AkkaBackup.Node.Dashboard.Pages;

/// <summary>
/// The transfers holding a slot and the clients waiting for one, as the page first shows them; dashboard.js then
/// replaces the rows with each update of <c>/api/transfers/events</c> (Server-Sent Events), without a reload.
/// </summary>
public static class TransfersPage
{
    public static string Render(ReceiverStatus status)
    {
        var html = new StringBuilder("<p id=\"live\" class=\"live\">Updates every second.</p>")
            .Append("<table id=\"transfers\"><thead><tr><th>Transfer</th><th>Client</th><th>Server/instance</th><th>Received</th><th>Chunks</th><th>Of at most</th><th>Progress</th><th>Rate</th></tr></thead><tbody>");
        foreach (var t in status.Transfers)
        {
            html.Append($"<tr data-transfer=\"{E(t.TransferId)}\"><td>{E(t.TransferId)}</td><td>{E(t.ClientId)}</td><td>{E(t.Server)}/{E(t.Instance)}</td>")
                .Append($"<td class=\"received\" data-bytes=\"{t.BytesReceived}\">{Size(t.BytesReceived)}</td><td>{t.ChunksReceived}</td><td>{Size(t.AnnouncedBytes)}</td>")
                .Append($"<td><progress max=\"{Math.Max(t.AnnouncedBytes, 1)}\" value=\"{t.BytesReceived}\"></progress></td><td>{Size((long)t.BytesPerSecond)}/s</td></tr>");
        }

        html.Append("</tbody></table><h2>Waiting for a slot</h2><table id=\"waiting\"><thead><tr><th>#</th><th>Client</th><th>Run</th></tr></thead><tbody>");
        foreach (var w in status.Waiting)
        {
            html.Append($"<tr><td>{w.Position}</td><td>{E(w.ClientId)}</td><td>{E(w.Ticket)}</td></tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }
}
