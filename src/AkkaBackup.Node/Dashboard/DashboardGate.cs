using AkkaBackup.Node.Output;
using Microsoft.AspNetCore.Http;

namespace AkkaBackup.Node.Dashboard;

/// <summary>
/// In front of every request: the security headers, then the login check. Only the login page and the static
/// assets are open; without a live session an API answers 401 and a page redirects to the login page.
/// </summary>
public sealed class DashboardGate(DashboardSessions sessions)
{
    public const string Cookie = "abk_session";

    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.StrictTransportSecurity = "max-age=31536000";
        headers.CacheControl = "no-store";

        var path = context.Request.Path.Value ?? "";
        if (path == "/login" || path.StartsWith("/assets/", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var session = sessions.Find(context.Request.Cookies[Cookie]);
        if (session is not null)
        {
            context.Items[typeof(DashboardSession)] = session;
            await next(context);
        }
        else if (path.StartsWith("/api/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new DashboardError("log in first: POST your token to /login"), OutputJsonContext.Default.DashboardError);
        }
        else
        {
            context.Response.Redirect("/login");
        }
    }

    /// <summary>The session the gate let through (every route but the login page and the assets has one).</summary>
    public static DashboardSession SessionOf(HttpContext context) => (DashboardSession)context.Items[typeof(DashboardSession)]!;
}
