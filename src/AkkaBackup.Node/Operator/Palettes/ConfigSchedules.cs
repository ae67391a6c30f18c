using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Scheduling;
using AkkaBackup.Node.Output;

namespace AkkaBackup.Node.Operator.Palettes;

/// <summary><c>config schedule list|add|set|remove|test</c>.</summary>
public static class ConfigSchedules
{
    private static readonly string[] Fields = ["instance", "cron", "time-zone", "misfire"];

    public static IEnumerable<ConsoleCommand> Commands() =>
    [
        new("config", "schedule list", "config schedule list", "schedules, when each last fired and fires next", [], [], ListAsync),
        new("config", "schedule add", "config schedule add <name> --instance <i> --cron \"<expr>\" [--time-zone UTC] [--misfire run-once|skip] [--disabled]",
            "a cron schedule (5 fields, or 6 with seconds first) in a time zone", Fields, ["disabled"], c => SaveAsync(c, adding: true)),
        new("config", "schedule set", "config schedule set <name> [--instance ...] [--cron ...] [--time-zone ...] [--misfire ...] [--disabled|--enabled]",
            "change a schedule; firings before the change never fire", Fields, ["disabled", "enabled"], c => SaveAsync(c, adding: false)),
        new("config", "schedule remove", "config schedule remove <name>", "remove a schedule", [], [], c => ConfigPalette.RemoveAsync(c, "schedule", name => c.Client.Store.Schedules.RemoveAsync(name))),
        new("config", "schedule test", "config schedule test <name>", "the next five firings", [], [], TestAsync),
    ];

    private static async Task<int> ListAsync(ConsoleCall call)
    {
        var now = DateTimeOffset.UtcNow;
        var entries = (await call.Client.Store.Schedules.ListAsync()).Select(e => new ScheduleJson(
            e.Schedule.Name, e.Schedule.Instance, e.Schedule.Cron, e.Schedule.TimeZone, e.Schedule.Misfire, e.Schedule.Enabled, e.LastFired, Next(e, now))).ToList();
        if (call.Json)
        {
            call.WriteJson(entries, OutputJsonContext.Default.IReadOnlyListScheduleJson);
            return 0;
        }

        ConsoleTable.Write(call.Out, ["NAME", "INSTANCE", "CRON", "TIME ZONE", "MISFIRE", "ENABLED", "LAST FIRED", "NEXT"], entries.Select(e => (IReadOnlyList<string>)
        [
            e.Name, e.Instance, e.Cron, e.TimeZone, Store.Database.EnumText.ToText(e.Misfire), e.Enabled ? "yes" : "no", ConsoleValues.When(e.LastFired), ConsoleValues.When(e.NextFiring),
        ]));
        return 0;
    }

    private static async Task<int> SaveAsync(ConsoleCall call, bool adding)
    {
        var name = call.Subject("schedule name");
        var stored = (await call.Client.Store.Schedules.GetAsync(name))?.Schedule;
        if (adding != (stored is null))
        {
            return call.Fail(adding ? $"schedule '{name}' exists; change it with `config schedule set`" : $"schedule '{name}' is not configured", 2);
        }

        var a = call.Args;
        var basis = stored ?? new BackupSchedule(name, "", "", "UTC", MisfirePolicy.RunOnce, Enabled: true);
        var schedule = basis with
        {
            Instance = a.Option("instance") ?? basis.Instance,
            Cron = a.Option("cron") ?? basis.Cron,
            TimeZone = a.Option("time-zone") ?? basis.TimeZone,
            Misfire = a.Option("misfire") is { } misfire ? ConsoleValues.Enum<MisfirePolicy>("misfire", misfire) : basis.Misfire,
            Enabled = a.Flag("disabled") ? false : a.Flag("enabled") || basis.Enabled,
        };
        await call.Client.Store.Schedules.SaveAsync(schedule);
        var next = Next(new ScheduleEntry(schedule, null, DateTimeOffset.UtcNow), DateTimeOffset.UtcNow);
        return ConfigPalette.Done(call, $"schedule '{name}' {(adding ? "added" : "saved")}; next firing {ConsoleValues.When(next)}.");
    }

    private static async Task<int> TestAsync(ConsoleCall call)
    {
        var name = call.Subject("schedule name");
        if (await call.Client.Store.Schedules.GetAsync(name) is not { } entry)
        {
            return call.Fail($"schedule '{name}' is not configured", 2);
        }

        var cron = CronSchedule.Parse(entry.Schedule.Cron, entry.Schedule.TimeZone);
        var firings = new List<DateTimeOffset>();
        for (var at = cron.NextAfter(DateTimeOffset.UtcNow); at is { } next && firings.Count < 5; at = cron.NextAfter(next))
        {
            firings.Add(next);
        }

        if (call.Json)
        {
            call.WriteJson(new ScheduleFiringsJson(name, firings), OutputJsonContext.Default.ScheduleFiringsJson);
            return 0;
        }

        call.Out.WriteLine($"schedule '{name}' ({entry.Schedule.Cron}, {entry.Schedule.TimeZone}) fires next at:");
        foreach (var at in firings)
        {
            call.Out.WriteLine($"  {ConsoleValues.When(at)}  ({TimeZoneInfo.ConvertTime(at, cron.Zone):yyyy-MM-dd HH:mm:ss} {entry.Schedule.TimeZone})");
        }

        return 0;
    }

    private static DateTimeOffset? Next(ScheduleEntry entry, DateTimeOffset now)
    {
        try
        {
            return SchedulePlanner.NextFiring(entry, now);
        }
        catch (ConfigurationException)
        {
            return null;
        }
    }
}
