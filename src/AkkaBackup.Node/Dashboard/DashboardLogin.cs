using AkkaBackup.Node.Dashboard.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AkkaBackup.Node.Dashboard;

/// <summary><c>/login</c> (the form; a POST of the token sets the session cookie) and <c>/logout</c>.</summary>
public static class DashboardLogin
{
    public static void Map(WebApplication app, DashboardSessions sessions, LoginThrottle throttle, Serilog.ILogger log)
    {
        app.MapGet("/login", (HttpContext c) => Html(c, LoginPage.Render(null), StatusCodes.Status200OK));
        app.MapPost("/login", async (HttpContext c) =>
        {
            var remote = c.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (throttle.RetryAfter(remote) is { } wait)
            {
                // Not even looked at: a guess made now could not count.
                var seconds = (int)Math.Ceiling(wait.TotalSeconds);
                c.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Html(c, LoginPage.Render($"Too many failed logins from {remote}; try again in {seconds} s."), StatusCodes.Status429TooManyRequests);
                return;
            }

            var form = c.Request.HasFormContentType ? await c.Request.ReadFormAsync(c.RequestAborted) : null;
            var token = form?["token"].ToString() ?? "";
            var session = token.Length > 0 ? sessions.LogIn(token) : null;
            if (session is null)
            {
                log.Warning("Dashboard: a login from {Remote} was refused (wrong token)", remote);
                if (throttle.Failed(remote))
                {
                    log.Warning("Dashboard: {Remote} failed to log in {Failures} times within {Window}; its logins are answered 429 until {Until:u}",
                        remote, throttle.Limit.MaxFailures, throttle.Limit.Window, DateTimeOffset.UtcNow + throttle.Limit.Window);
                }

                await Html(c, LoginPage.Render("That token is not valid."), StatusCodes.Status401Unauthorized);
                return;
            }

            throttle.Succeeded(remote);

            log.Information("Dashboard: {Name} ({Role}) logged in from {Remote}", session.Name, session.Role, c.Connection.RemoteIpAddress);
            c.Response.Cookies.Append(DashboardGate.Cookie, session.Id, new CookieOptions
            {
                HttpOnly = true,
                Secure = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                Expires = session.Expires,
            });
            c.Response.Redirect("/", permanent: false);
        });
        app.MapPost("/logout", (HttpContext c) =>
        {
            sessions.LogOut(DashboardGate.SessionOf(c).Id);
            c.Response.Cookies.Delete(DashboardGate.Cookie, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict, Path = "/" });
            c.Response.Redirect("/login");
        });
    }

    public static Task Html(HttpContext context, string html, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html, context.RequestAborted);
    }
}
