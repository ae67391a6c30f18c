using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace AkkaBackup.Node.Dashboard;

/// <summary>
/// What an action (a POST that changes something) must show besides the session cookie, against cross-site request
/// forgery: the session's anti-forgery token in the <c>X-ABK-CSRF</c> header (the page holds it in a meta tag; another
/// site cannot read it), an <c>Origin</c> that is the dashboard's own when a browser sends one, and the operator role.
/// </summary>
public static class DashboardGuard
{
    public const string Header = "X-ABK-CSRF";

    /// <summary>Why the request may not act, in words for the 403; null when it may.</summary>
    public static string? Refusal(HttpContext context, DashboardSession session)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, $"https://{request.Host}", StringComparison.OrdinalIgnoreCase))
        {
            return $"the request comes from {origin}, not from this dashboard (https://{request.Host})";
        }

        if (request.Headers["Sec-Fetch-Site"].ToString() is { Length: > 0 } site && site != "same-origin")
        {
            return $"the browser says this request is {site}, not same-origin";
        }

        var presented = request.Headers[Header].ToString();
        if (presented.Length == 0)
        {
            return $"the {Header} header is missing: send the token of the page's <meta name=\"abk-csrf\"> (or GET /api/session)";
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), Encoding.ASCII.GetBytes(session.Csrf)))
        {
            return $"the {Header} header is not this session's token";
        }

        return session.Role == DashboardRole.Operator
            ? null
            : $"{session.Name} is a viewer; only an operator may do this (role = operator in akkabackup.dashboard.tokens)";
    }
}
