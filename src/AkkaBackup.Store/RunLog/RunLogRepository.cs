using AkkaBackup.Core.Naming;
using System.Text.Json;
using AkkaBackup.Store.Database;
using AkkaBackup.Store.Instances;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Settings;
using Microsoft.Data.Sqlite;

namespace AkkaBackup.Store.RunLog;

/// <summary>The run log: one row per run, saved when it starts and again when it ends; searched, summarised and pruned.</summary>
public sealed class RunLogRepository
{
    private const string SelectColumns =
        "run_id, instance, started_at, ended_at, status, phase_durations, downtime_ms, data_bytes, archive_bytes, sha256, stored_name, " +
        "error_message, error_stack_trace, error_phase, error_free_disk_bytes, error_memory_bytes, error_server_reachable, type, from_lsn, to_lsn";

    private readonly StoreDatabase _database;
    private readonly InstanceRepository _instances;
    private readonly NodeSettingsRepository _settings;
    private readonly TimeProvider _time;

    internal RunLogRepository(StoreDatabase database, InstanceRepository instances, NodeSettingsRepository settings, TimeProvider time)
    {
        _database = database;
        _instances = instances;
        _settings = settings;
        _time = time;
    }

    /// <summary>
    /// Adds the run or replaces it by run id. The instance's password is masked in the error text first: a
    /// driver or a command line may have echoed it, and the run log is shown to operators.
    /// </summary>
    public async Task SaveAsync(RunRecord run, CancellationToken ct = default)
    {
        var error = run.Error is { } e && await _instances.ReadPasswordAsync(run.Instance, ct) is { IsEmpty: false } password
            ? e with { Message = Mask(e.Message, password)!, StackTrace = Mask(e.StackTrace, password) }
            : run.Error;
        await _database.ExecuteAsync(
            $"""
            INSERT OR REPLACE INTO run_log ({SelectColumns})
            VALUES ($id, $instance, $started, $ended, $status, $phases, $downtime, $data, $archive, $sha, $stored,
                    $message, $stack, $phase, $disk, $memory, $reachable, $type, $fromLsn, $toLsn);
            """,
            ct,
            ("$id", run.RunId),
            ("$instance", run.Instance),
            ("$started", Columns.Millis(run.StartedAt)),
            ("$ended", Columns.Millis(run.EndedAt)),
            ("$status", EnumText.ToText(run.Status)),
            ("$phases", JsonSerializer.Serialize(run.Phases.Select(p => new StoredPhase(p.Phase, Columns.Millis(p.Duration))))),
            ("$downtime", Columns.Millis(run.Downtime)),
            ("$data", run.DataBytes),
            ("$archive", run.ArchiveBytes),
            ("$sha", run.Sha256),
            ("$stored", run.StoredName),
            ("$message", error?.Message),
            ("$stack", error?.StackTrace),
            ("$phase", error?.State.Phase),
            ("$disk", error?.State.FreeDiskBytes),
            ("$memory", error?.State.MemoryBytes),
            ("$reachable", error?.State.ServerReachable),
            ("$type", run.Type.Name()),
            ("$fromLsn", run.FromLsn),
            ("$toLsn", run.ToLsn));
    }

    public Task<RunRecord?> GetAsync(string runId, CancellationToken ct = default) =>
        _database.QuerySingleAsync($"SELECT {SelectColumns} FROM run_log WHERE run_id = $id;", Read, ct, ("$id", runId));

    public Task<IReadOnlyList<RunRecord>> SearchAsync(RunLogQuery query, CancellationToken ct = default)
    {
        var where = new Conditions()
            .When(query.Instance, "instance = $instance", "$instance")
            .When(query.Status is { } status ? EnumText.ToText(status) : null, "status = $status", "$status")
            .When(Columns.Millis(query.From), "started_at >= $from", "$from")
            .When(Columns.Millis(query.To), "started_at < $to", "$to")
            .Containing(query.ErrorText, "error_message", "error_stack_trace", "error_phase");
        return _database.QueryAsync(
            $"SELECT {SelectColumns} FROM run_log WHERE {where.Sql} ORDER BY started_at DESC, run_id LIMIT $limit;", Read, ct, where.Parameters(("$limit", Math.Max(query.Limit, 1))));
    }

    /// <summary>
    /// Per instance, the runs that started at or after <paramref name="since"/> and before <paramref name="until"/> (no end
    /// when null); see <see cref="InstanceRunSummary"/>.
    /// </summary>
    public async Task<IReadOnlyList<InstanceRunSummary>> SummarizeAsync(DateTimeOffset since, DateTimeOffset? until = null, CancellationToken ct = default) =>
        RunSummaries.Compute(await _database.QueryAsync(
            $"SELECT {SelectColumns} FROM run_log WHERE started_at >= $since AND started_at < $until AND status <> 'running';",
            Read,
            ct,
            ("$since", Columns.Millis(since)),
            ("$until", until is { } end ? Columns.Millis(end) : long.MaxValue)));

    /// <summary>When each instance's newest successful run ended, by instance; instances without one in the run log are absent.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> LastSuccessesAsync(CancellationToken ct = default) =>
        (await _database.QueryAsync(
            "SELECT instance, MAX(COALESCE(ended_at, started_at)) AS at FROM run_log WHERE status = 'succeeded' GROUP BY instance;",
            r => (Instance: r.String("instance"), At: r.Instant("at")),
            ct)).ToDictionary(row => row.Instance, row => row.At, StringComparer.Ordinal);

    /// <summary>Deletes finished runs that started longer ago than the <c>log-retention-days</c> setting.</summary>
    /// <returns>How many runs were deleted.</returns>
    public async Task<int> PruneAsync(CancellationToken ct = default)
    {
        var retention = (await _settings.GetAsync(ct)).LogRetentionDays;
        return await PruneStartedBeforeAsync(_time.GetUtcNow() - TimeSpan.FromDays(retention), ct);
    }

    /// <summary>Deletes finished runs that started before <paramref name="cutoff"/>; a run still marked running is kept.</summary>
    public Task<int> PruneStartedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default) =>
        _database.ExecuteAsync(
            "DELETE FROM run_log WHERE started_at < $cutoff AND status <> 'running';",
            ct,
            ("$cutoff", Columns.Millis(cutoff)));

    private static string? Mask(string? text, Secret password) =>
        text?.Replace(password.Reveal(), Secret.Mask, StringComparison.Ordinal);

    private static RunRecord Read(SqliteDataReader r)
    {
        var phases = JsonSerializer.Deserialize<List<StoredPhase>>(r.String("phase_durations")) ?? [];
        var message = r.StringOrNull("error_message");
        return new RunRecord(
            r.String("run_id"),
            r.String("instance"),
            r.Instant("started_at"),
            r.InstantOrNull("ended_at"),
            r.Enum<RunStatus>("status"),
            phases.Select(p => new PhaseDuration(p.Phase, TimeSpan.FromMilliseconds(p.Ms))).ToList(),
            r.DurationOrNull("downtime_ms"),
            r.Int64OrNull("data_bytes"),
            r.Int64OrNull("archive_bytes"),
            r.StringOrNull("sha256"),
            r.StringOrNull("stored_name"),
            message is null
                ? null
                : new RunError(
                    message,
                    r.StringOrNull("error_stack_trace"),
                    new SystemState(
                        r.StringOrNull("error_phase") ?? "",
                        r.Int64OrNull("error_free_disk_bytes"),
                        r.Int64OrNull("error_memory_bytes"),
                        r.BooleanOrNull("error_server_reachable"))),
            BackupTypes.Parse(r.String("type"), "run_log.type"),
            r.StringOrNull("from_lsn"),
            r.StringOrNull("to_lsn"));
    }

    private sealed record StoredPhase(string Phase, long Ms);
}
