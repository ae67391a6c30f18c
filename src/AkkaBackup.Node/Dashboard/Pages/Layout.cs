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
        if (script)
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

    /// <summary>A problem with the request (a bad filter) or the node (an unreadable catalog), said on the page.</summary>
    public static string Problem(string message) => $"<p class=\"problem\" role=\"alert\">{E(message)}</p>";
}
