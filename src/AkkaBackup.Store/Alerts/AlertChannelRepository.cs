using AkkaBackup.Core.Alerts;
using AkkaBackup.Store.Database;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Validation;
using Microsoft.Data.Sqlite;

namespace AkkaBackup.Store.Alerts;

/// <summary>The alert channels table; settings are encrypted with the store's key.</summary>
public sealed class AlertChannelRepository
{
    private const string SelectColumns = "name, type, settings, min_severity";

    private readonly NamedRows<AlertChannel> _rows;
    private readonly SecretCipher _cipher;

    internal AlertChannelRepository(StoreDatabase database, SecretCipher cipher)
    {
        _rows = new NamedRows<AlertChannel>(database, "alert_channels", SelectColumns, Read);
        _cipher = cipher;
    }

    public Task<IReadOnlyList<AlertChannel>> ListAsync(CancellationToken ct = default) => _rows.ListAsync(ct);

    public Task<AlertChannel?> GetAsync(string name, CancellationToken ct = default) => _rows.GetAsync(name, ct);

    /// <summary>Adds or replaces a channel after its checks pass.</summary>
    /// <exception cref="ValidationException">A value is wrong; nothing was saved.</exception>
    public async Task SaveAsync(AlertChannel channel, CancellationToken ct = default)
    {
        ValidationException.ThrowIfAny($"alert channel '{channel.Name}'", AlertChannelRules.Check(channel));
        await _rows.ReplaceAsync(
            ct,
            ("name", channel.Name),
            ("type", channel.Type),
            ("settings", _cipher.Encrypt(channel.Settings, SettingsContext(channel.Name))),
            ("min_severity", EnumText.ToText(channel.MinSeverity)));
    }

    /// <returns>False when no such channel was configured.</returns>
    public Task<bool> RemoveAsync(string name, CancellationToken ct = default) => _rows.RemoveAsync(name, ct);

    private static string SettingsContext(string name) => $"settings of alert channel '{name}'";

    private AlertChannel Read(SqliteDataReader r)
    {
        var name = r.String("name");
        return new AlertChannel(
            name,
            r.String("type"),
            _cipher.Decrypt(r.Bytes("settings"), SettingsContext(name)),
            r.Enum<AlertSeverity>("min_severity"));
    }
}
