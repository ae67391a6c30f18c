using AkkaBackup.Core.Naming;
using AkkaBackup.Store.Database;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Validation;
using Microsoft.Data.Sqlite;

namespace AkkaBackup.Store.Instances;

/// <summary>The instances table. Every save is checked (values, then the real server) before anything is written.</summary>
public sealed class InstanceRepository
{
    private const string SelectColumns =
        "name, server, host, port, user, service_kind, service_name, stop_command, start_command, data_directory, stop_timeout_ms, start_timeout_ms, probe_timeout_ms, target, type, clone_directory, overdue_after_ms";

    private readonly StoreDatabase _database;
    private readonly NamedRows<MySqlInstance> _rows;
    private readonly SecretCipher _cipher;
    private readonly IInstanceProbe _probe;

    internal InstanceRepository(StoreDatabase database, SecretCipher cipher, IInstanceProbe probe)
    {
        _database = database;
        _rows = new NamedRows<MySqlInstance>(database, "instances", SelectColumns, Read);
        _cipher = cipher;
        _probe = probe;
    }

    public Task<IReadOnlyList<MySqlInstance>> ListAsync(CancellationToken ct = default) => _rows.ListAsync(ct);

    public Task<MySqlInstance?> GetAsync(string name, CancellationToken ct = default) => _rows.GetAsync(name, ct);

    /// <summary>The decrypted password, for logging in to the server; null when the instance is not configured.</summary>
    public async Task<Secret?> ReadPasswordAsync(string name, CancellationToken ct = default)
    {
        var blobs = await _database.QueryAsync("SELECT password FROM instances WHERE name = $name;", r => r.Bytes("password"), ct, ("$name", name));
        return blobs.Count == 0 ? null : _cipher.Decrypt(blobs[0], PasswordContext(name));
    }

    /// <summary>Adds or replaces an instance after its checks pass.</summary>
    /// <param name="password">Null keeps the stored password; a new instance needs one (it may be empty, for socket authentication).</param>
    /// <exception cref="ValidationException">A value is wrong; nothing was saved.</exception>
    public async Task SaveAsync(MySqlInstance instance, Secret? password, CancellationToken ct = default)
    {
        var subject = Subject(instance.Name);
        password ??= await ReadPasswordAsync(instance.Name, ct)
            ?? throw new ValidationException(subject, [new ValidationFailure("password", "password is missing: a new instance needs one (it may be empty for socket authentication)")]);
        ValidationException.ThrowIfAny(subject, await ValidateAsync(instance, password, probe: true, ct));
        await _database.WriteAsync(async (c, t) =>
        {
            await RequireTargetAsync(c, t, instance, ct);
            return await WriteAsync(c, t, instance, password, ct);
        }, ct);
    }

    /// <summary>Checks a stored instance against the real server again, as a save would; nothing is written.</summary>
    /// <returns>The failures; null when no such instance is configured.</returns>
    public async Task<IReadOnlyList<ValidationFailure>?> TestAsync(string name, CancellationToken ct = default) =>
        await GetAsync(name, ct) is { } instance && await ReadPasswordAsync(name, ct) is { } password
            ? await ValidateAsync(instance, password, probe: true, ct)
            : null;

    /// <returns>False when no such instance was configured.</returns>
    /// <exception cref="ValidationException">Schedules still start backups of it; nothing was removed.</exception>
    public Task<bool> RemoveAsync(string name, CancellationToken ct = default) =>
        _database.WriteAsync(async (c, t) =>
        {
            await References.RefuseIfUsedAsync(
                c, t, "SELECT name FROM schedules WHERE instance = $name ORDER BY name;", name, Subject(name),
                users => $"instance '{name}' is used by schedule(s) {users}: remove them first", ct);
            return await _rows.RemoveAsync(c, t, name, ct);
        }, ct);

    internal static string Subject(string name) => $"instance '{name}'";

    /// <summary>Inside the write, so a target removed meanwhile cannot be named.</summary>
    internal static async Task RequireTargetAsync(SqliteConnection c, SqliteTransaction t, MySqlInstance instance, CancellationToken ct)
    {
        if (instance.Target.Length == 0)
        {
            return;
        }

        var targets = await c.QueryAsync(t, "SELECT name FROM targets ORDER BY name;", r => r.String("name"), ct);
        if (!targets.Contains(instance.Target))
        {
            var known = targets.Count == 0 ? "none" : string.Join(", ", targets);
            throw new ValidationException(
                Subject(instance.Name),
                [new ValidationFailure("target", $"target = '{instance.Target}' is not a configured target (configured: {known})")]);
        }
    }

    /// <summary>The pure checks, then the probe; for callers that validate several changes before one write.</summary>
    internal async Task<IReadOnlyList<ValidationFailure>> ValidateAsync(MySqlInstance instance, Secret password, bool probe, CancellationToken ct)
    {
        var failures = InstanceRules.Check(instance);
        return failures.Count > 0 || !probe ? failures : await _probe.ProbeAsync(instance, password, ct);
    }

    internal Task<int> WriteAsync(SqliteConnection connection, SqliteTransaction transaction, MySqlInstance i, Secret password, CancellationToken ct) =>
        _rows.ReplaceAsync(
            connection,
            transaction,
            ct,
            ("name", i.Name),
            ("server", i.Server),
            ("host", i.Host),
            ("port", i.Port),
            ("user", i.User),
            ("password", _cipher.Encrypt(password, PasswordContext(i.Name))),
            ("service_kind", EnumText.ToText(i.ServiceKind)),
            ("service_name", i.ServiceName),
            ("stop_command", i.StopCommand),
            ("start_command", i.StartCommand),
            ("data_directory", i.DataDirectory),
            ("stop_timeout_ms", Columns.Millis(i.StopTimeout)),
            ("start_timeout_ms", Columns.Millis(i.StartTimeout)),
            ("probe_timeout_ms", Columns.Millis(i.ProbeTimeout)),
            ("target", i.Target),
            ("type", i.Type.Name()),
            ("clone_directory", i.CloneDirectory),
            ("overdue_after_ms", Columns.Millis(i.OverdueAfter)));

    private static string PasswordContext(string name) => $"password of instance '{name}'";

    private static MySqlInstance Read(SqliteDataReader r) => new(
        r.String("name"),
        r.String("server"),
        r.String("host"),
        r.Int32("port"),
        r.String("user"),
        r.String("data_directory"),
        r.Enum<ServiceKind>("service_kind"),
        r.String("service_name"),
        r.String("stop_command"),
        r.String("start_command"),
        r.Duration("stop_timeout_ms"),
        r.Duration("start_timeout_ms"),
        r.Duration("probe_timeout_ms"),
        r.String("target"),
        BackupTypes.Parse(r.String("type"), "type"),
        r.String("clone_directory"),
        r.DurationOrNull("overdue_after_ms"));
}
