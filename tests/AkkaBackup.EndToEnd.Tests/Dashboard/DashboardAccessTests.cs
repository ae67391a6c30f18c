using System.Net;
using AkkaBackup.TestSupport;

namespace AkkaBackup.EndToEnd.Tests.Dashboard;

/// <summary>Who gets in to a real receiver's dashboard, and that nothing outside its own files comes out of it.</summary>
public sealed class DashboardAccessTests
{
    private static readonly string[] Pages = ["/", "/log", "/log?event=filed", "/transfers", "/retention", "/drills", "/instances/client-1/main"];
    private static readonly string[] Apis = ["/api/fleet", "/api/log", "/api/log?client=client-1", "/api/retention", "/api/transfers", "/api/transfers/events"];

    /// <summary>Ways of spelling "up and out", sent as raw bytes.</summary>
    private static readonly string[] Escapes =
    [
        "/..%2f..%2fetc/passwd",
        "/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/assets/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/assets/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
        "/assets/..%5c..%5c..%5c..%5cetc%5cpasswd",
        "/assets/....//....//....//etc/passwd",
        "/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "/assets/../../../../etc/passwd",
        "/assets//etc/passwd",
        "/assets/..%2f..%2freceiver.hocon",
        "/assets/..%2f..%2f..%2fcerts%2freceiver.pfx",
        "/assets/dashboard.css%00.pfx",
        "/instances/..%2f..%2f..%2fetc/passwd",
    ];

    [Fact]
    public async Task Without_a_session_pages_send_to_the_login_and_apis_answer_401_a_wrong_token_is_refused_and_a_right_one_opens_everything()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 10);
        var port = FreePort.Next();
        await env.StartReceiverAsync(env.WriteReceiverConfig(DashboardSite.Hocon(port)));
        using var site = new DashboardSite(env, port);

        foreach (var page in Pages)
        {
            using var response = await site.Http.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{page}: {response.StatusCode}");
            Assert.Equal("/login", response.Headers.Location?.OriginalString);
        }

        foreach (var api in Apis)
        {
            using var response = await site.Http.GetAsync(api);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{api}: {response.StatusCode}");
        }

        using (var wrong = await site.LogInAsync("viewer-token-5b1f0c2f"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains("That token is not valid.", await wrong.Content.ReadAsStringAsync());
            Assert.Null(site.Session);
        }

        using (var right = await site.LogInAsync(DashboardSite.ViewerToken))
        {
            Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
            var cookie = Assert.Single(right.Headers.GetValues("Set-Cookie"));
            Assert.StartsWith("abk_session=", cookie);
            foreach (var attribute in new[] { "httponly", "secure", "samesite=strict", "path=/" })
            {
                Assert.Contains(attribute, cookie.ToLowerInvariant());
            }
        }

        foreach (var path in Pages.Concat(Apis.Where(a => !a.EndsWith("/events", StringComparison.Ordinal))))
        {
            using var response = await site.Http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
            var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", policy);
            Assert.DoesNotContain("unsafe-inline", policy);
        }

        Assert.Contains("alice (viewer)", await site.PageAsync("/"));
        Assert.Contains("Dashboard: alice (Viewer) logged in", env.Receiver!.Output);
        Assert.Contains("a login from 127.0.0.1 was refused", env.Receiver.Output);

        using (var logout = await site.Http.PostAsync("/logout", null))
        {
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        }

        using var after = await site.Http.GetAsync("/api/fleet");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    /// <summary>Every way of spelling "up and out" is sent as raw bytes; none may return a file that is not the dashboard's.</summary>
    [Fact]
    public async Task A_path_that_leaves_the_dashboard_never_serves_a_file_and_a_bad_filter_is_a_400_naming_the_value()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 10);
        var port = FreePort.Next();
        await env.StartReceiverAsync(env.WriteReceiverConfig(DashboardSite.Hocon(port)));
        using var site = new DashboardSite(env, port);
        (await site.LogInAsync(DashboardSite.ViewerToken)).Dispose();
        var (cssStatus, css) = await site.RawGetAsync("/assets/dashboard.css");
        Assert.True(cssStatus == 200 && css.Contains("text/css", StringComparison.Ordinal), css);

        foreach (var rawPath in Escapes)
        {
            var (status, response) = await site.RawGetAsync(rawPath);

            Assert.DoesNotContain("root:", response);
            Assert.DoesNotContain("certificate-password", response);
            Assert.DoesNotContain("BEGIN", response);
            Assert.True(status is 400 or 404 || (status == 200 && rawPath.StartsWith("/instances/", StringComparison.Ordinal)), $"{rawPath}: {response}");
        }

        using var api = await site.Http.GetAsync("/api/log?event=stolen");
        using var page = await site.Http.GetAsync("/log?since=yesterdayish");
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.StartsWith("--event = 'stolen' is not one of", System.Text.Json.Nodes.JsonNode.Parse(await api.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("--since = &#x27;yesterdayish&#x27; is neither a date", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_dashboard_port_already_taken_stops_the_receiver_with_exit_2_naming_the_address()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 10);
        using var squatter = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        await using var receiver = NodeProcess.Start(env.Root, "receiver", "--config", env.WriteReceiverConfig(DashboardSite.Hocon(port)));

        Assert.Equal(2, await receiver.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains($"akkabackup: akkabackup.dashboard: cannot listen on 127.0.0.1:{port}", receiver.Stderr);
    }
}
