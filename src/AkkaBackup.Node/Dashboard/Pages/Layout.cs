using System.Text;
using static AkkaBackup.Node.Dashboard.Pages.HtmlText;

namespace AkkaBackup.Node.Dashboard.Pages;

/// <summary>The frame of every page: the node's name, the menu, who is logged in. No inline script or style (the CSP forbids both).</summary>
public static class Layout
{
    private static readonly (string Href, string Title)[] Menu =
    [
        ("/", "Fleet"), ("/log", "Run log"), ("/transfers", "Live transfers"), ("/retention", "Retention plan"), ("/drills", "Restore drills"),
    ];

    public static string Page(string node, string title, DashboardSession? session, string body, bool script = false)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append($"<title>{E(title)} · {E(node)} · AkkaBackup</title>")
            .Append("<link rel=\"stylesheet\" href=\"/assets/dashboard.css\">");
        if (session is not null)
        {
            // The anti-forgery token an action sends in X-ABK-CSRF: readable by this page's own script only.
            html.Append($"<meta name=\"abk-csrf\" content=\"{E(session.Csrf)}\">");
        }

        if (script || session?.Role == DashboardRole.Operator)
        {
            html.Append("<script src=\"/assets/dashboard.js\" defer></script>");
        }

        html.Append("</head><body><header>").Append($"<span class=\"brand\">AkkaBackup · {E(node)}</span>");
        if (session is not null)
        {
            html.Append("<nav>");
            foreach (var (href, name) in Menu)
            {
                html.Append($"<a href=\"{href}\">{E(name)}</a>");
            }

            html.Append("</nav>")
                .Append($"<form method=\"post\" action=\"/logout\" class=\"who\"><span>{E(session.Name)} ({E(session.Role.ToString().ToLowerInvariant())})</span> <button type=\"submit\">Log out</button></form>");
        }

        html.Append($"</header><main><h1>{E(title)}</h1>").Append(body).Append("</main></body></html>");
        return html.ToString();
    }

    /// <summary>
    /// An operator's buttons for one instance (none for a viewer): a restore drill of its newest backup now, and forget it.
    /// dashboard.js posts them with the page's anti-forgery token and says the answer in the status next to them.
    /// </summary>
    public static string Actions(DashboardSession? session, string client, string instance)
    {
        if (session?.Role != DashboardRole.Operator)
        {
            return "";
        }

        var path = $"/api/instances/{U(client)}/{U(instance)}";
        return $"<span class=\"actions\"><button type=\"button\" class=\"action drill\" data-action=\"{E(path + "/drill")}\">Drill now</button>" +
               $"<button type=\"button\" class=\"action forget\" data-action=\"{E(path + "/forget")}\" data-confirm=\"{E($"Stop watching {client}/{instance} for overdue backups?")}\">Forget</button>" +
               "<output class=\"action-status\" aria-live=\"polite\"></output></span>";
    }

    /// <summary>A problem with the request (a bad filter) or the node (an unreadable catalog), said on the page.</summary>
    public static string Problem(string message) => $"<p class=\"problem\" role=\"alert\">{E(message)}</p>";
}
