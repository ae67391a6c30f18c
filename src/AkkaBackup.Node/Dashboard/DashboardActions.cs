using Akka.Actor;
using AkkaBackup.Core.Naming;
using AkkaBackup.Node.Operator;
using AkkaBackup.Node.Output;
using AkkaBackup.Receiver.Drills;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AkkaBackup.Node.Dashboard;

/// <summary>
/// What an operator may do from the dashboard, each a POST behind <see cref="DashboardGuard"/> (a viewer, a missing or
/// wrong anti-forgery token, a foreign origin: 403): <c>/api/instances/{client}/{instance}/drill</c> queues a restore
/// drill of the instance's newest verified backup on <c>/user/drills</c>, recorded in the catalog when it ends;
/// <c>/api/instances/{client}/{instance}/forget</c> is <c>catalog forget</c>. <c>/api/session</c> tells the page who
/// is logged in and the session's anti-forgery token.
/// </summary>
public static class DashboardActions
{
    public static void Map(WebApplication app, DashboardSources sources, Serilog.ILogger log)
    {
        app.MapGet("/api/session", (HttpContext c) =>
        {
            var session = DashboardGate.SessionOf(c);
            return c.Response.WriteAsJsonAsync(new DashboardSessionJson(session.Name, session.Role, session.Csrf), OutputJsonContext.Default.DashboardSessionJson);
        });
        app.MapPost("/api/instances/{client}/{instance}/drill", (HttpContext c, string client, string instance) =>
            Act(c, log, "a restore drill", new InstanceKey(client, instance), (session, key) => DrillAsync(sources, session, key)));
        app.MapPost("/api/instances/{client}/{instance}/forget", (HttpContext c, string client, string instance) =>
            Act(c, log, "forgetting", new InstanceKey(client, instance), async (_, key) => await FleetQueries.ForgetAsync(sources.Fleet, key) switch
            {
                (true, var done) => (StatusCodes.Status200OK, done),
                (false, var why) => (StatusCodes.Status404NotFound, why),
            }));
    }

    private static async Task Act(HttpContext c, Serilog.ILogger log, string what, InstanceKey instance, Func<DashboardSession, InstanceKey, Task<(int Status, string Message)>> action)
    {
        var session = DashboardGate.SessionOf(c);
        if (DashboardGuard.Refusal(c, session) is { } refusal)
        {
            log.Warning("Dashboard: {Name} ({Role}) from {Remote} was refused {What} of {Instance}: {Refusal}", session.Name, session.Role, c.Connection.RemoteIpAddress, what, instance, refusal);
            await Answer(c, StatusCodes.Status403Forbidden, refusal, ok: false);
            return;
        }

        (int Status, string Message) outcome;
        try
        {
            outcome = await action(session, instance);
        }
        catch (Exception e) when (DashboardQuery.Expected(e) || e is AskTimeoutException)
        {
            outcome = (StatusCodes.Status503ServiceUnavailable, e.Message);
        }

        log.Information("Dashboard: {Name} asked for {What} of {Instance}: {Status} {Message}", session.Name, what, instance, outcome.Status, outcome.Message);
        await Answer(c, outcome.Status, outcome.Message, outcome.Status == StatusCodes.Status200OK);
    }

    private static async Task<(int, string)> DrillAsync(DashboardSources sources, DashboardSession session, InstanceKey instance)
    {
        if (sources.Drills is not { } drills)
        {
            return (StatusCodes.Status503ServiceUnavailable, "this receiver runs no drills");
        }

        return await drills.Ask<object>(new DrillNow(instance, $"{session.Name} on the dashboard"), TimeSpan.FromSeconds(30)) switch
        {
            DrillQueued { AlreadyQueued: true } q => (StatusCodes.Status200OK, $"a drill of {Path.GetFileName(q.ArchivePath)} is already queued or under way"),
            DrillQueued q => (StatusCodes.Status200OK,
                $"drill of {Path.GetFileName(q.ArchivePath)} queued{(q.Ahead > 0 ? $" behind {q.Ahead} other(s)" : "")}; its outcome goes to the restore drills page"),
            DrillNotQueued n => (StatusCodes.Status404NotFound, n.Reason),
            var other => (StatusCodes.Status503ServiceUnavailable, $"unexpected answer {other.GetType().Name} from the drill scheduler"),
        };
    }

    private static Task Answer(HttpContext c, int status, string message, bool ok)
    {
        c.Response.StatusCode = status;
        return ok
            ? c.Response.WriteAsJsonAsync(new ConfigDoneJson(true, message), OutputJsonContext.Default.ConfigDoneJson, cancellationToken: c.RequestAborted)
            : c.Response.WriteAsJsonAsync(new DashboardError(message), OutputJsonContext.Default.DashboardError, cancellationToken: c.RequestAborted);
    }
}

/// <summary><c>/api/session</c>: who is logged in, in what role, and the token an action must send in <c>X-ABK-CSRF</c>.</summary>
public sealed record DashboardSessionJson(string Name, DashboardRole Role, string Csrf);
