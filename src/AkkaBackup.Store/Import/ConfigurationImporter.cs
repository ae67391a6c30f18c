using AkkaBackup.Store.Database;
using AkkaBackup.Store.Instances;
using AkkaBackup.Store.Targets;
using AkkaBackup.Store.Validation;
using Microsoft.Data.Sqlite;

namespace AkkaBackup.Store.Import;

/// <summary>
/// Upserts instances and a target read from HOCON. Entries equal to what is stored are left alone, without
/// probing, so importing the same file at every start costs nothing and does not need the server up. The
/// changed entries are all checked first and written in one transaction: all of the import, or none.
/// A node importing its own file at boot checks the values only (<c>probe: false</c>): it must start, and
/// bring back a server a crashed run had stopped, even while that server or the receiver is down.
/// </summary>
public sealed class ConfigurationImporter
{
    private readonly StoreDatabase _database;
    private readonly InstanceRepository _instances;
    private readonly TargetRepository _targets;

    internal ConfigurationImporter(StoreDatabase database, InstanceRepository instances, TargetRepository targets)
    {
        _database = database;
        _instances = instances;
        _targets = targets;
    }

    /// <param name="probe">Also check changed entries against the real server and receiver (the probes).</param>
    /// <exception cref="ValidationException">Some entry is wrong; each failure's field is a HOCON-style path. Nothing was saved.</exception>
    public async Task<ImportReport> ImportAsync(ConfigurationImport import, bool probe = true, CancellationToken ct = default)
    {
        var added = new List<string>();
        var updated = new List<string>();
        var unchanged = new List<string>();
        var failures = new List<ValidationFailure>();
        var writes = new List<Func<SqliteConnection, SqliteTransaction, Task<int>>>();

        foreach (var duplicate in import.Instances.GroupBy(i => i.Instance.Name).Where(g => g.Count() > 1))
        {
            failures.Add(new ValidationFailure($"instances.{duplicate.Key}", $"instance '{duplicate.Key}' is listed {duplicate.Count()} times"));
        }

        foreach (var (imported, password) in import.Instances)
        {
            var subject = InstanceRepository.Subject(imported.Name);
            var stored = await _instances.GetAsync(imported.Name, ct);

            // HOCON names no target: the one an operator chose at run time stays.
            var instance = stored is not null && imported.Target.Length == 0 ? imported with { Target = stored.Target } : imported;
            if (stored == instance && (await _instances.ReadPasswordAsync(instance.Name, ct))!.Matches(password))
            {
                unchanged.Add(subject);
                continue;
            }

            (stored is null ? added : updated).Add(subject);
            failures.AddRange(Qualify($"instances.{instance.Name}", subject, await _instances.ValidateAsync(instance, password, probe, ct)));
            writes.Add((c, t) => _instances.WriteAsync(c, t, instance, password, ct));
        }

        if (import.Target is { } importedTarget)
        {
            var subject = TargetRepository.Subject(importedTarget.Name);
            var stored = await _targets.GetAsync(importedTarget.Name, ct);

            // HOCON says where the receiver is; folder and naming an operator chose at run time stay.
            var target = stored is null
                ? importedTarget
                : importedTarget with { RemoteFolder = stored.RemoteFolder, NamingPattern = stored.NamingPattern, DateFormat = stored.DateFormat, TimeZone = stored.TimeZone };
            if (stored == target)
            {
                unchanged.Add(subject);
            }
            else
            {
                (stored is null ? added : updated).Add(subject);
                failures.AddRange(Qualify($"targets.{target.Name}", subject, await _targets.ValidateAsync(target, probe, ct)));
                writes.Add((c, t) => _targets.WriteAsync(c, t, target, ct));
            }
        }

        ValidationException.ThrowIfAny("the imported configuration", failures);
        if (writes.Count > 0)
        {
            await _database.WriteAsync(async (c, t) =>
            {
                foreach (var write in writes)
                {
                    await write(c, t);
                }

                return writes.Count;
            }, ct);
        }

        return new ImportReport(added, updated, unchanged);
    }

    private static IEnumerable<ValidationFailure> Qualify(string path, string subject, IReadOnlyList<ValidationFailure> failures) =>
        failures.Select(f => new ValidationFailure($"{path}.{f.Field}", $"{subject}: {f.Message}"));
}
