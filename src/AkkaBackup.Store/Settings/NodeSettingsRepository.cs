using AkkaBackup.Store.Database;
using AkkaBackup.Store.Validation;

namespace AkkaBackup.Store.Settings;

/// <summary>The settings table: known keys only, each value checked; a missing key has its default.</summary>
public sealed class NodeSettingsRepository
{
    private readonly StoreDatabase _database;

    internal NodeSettingsRepository(StoreDatabase database) => _database = database;

    public async Task<NodeSettings> GetAsync(CancellationToken ct = default) => NodeSettings.From(await ReadAllAsync(ct));

    /// <summary>Every known setting with its stored value or its default, by key.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadAllAsync(CancellationToken ct = default)
    {
        var stored = (await _database.QueryAsync("SELECT key, value FROM settings;", r => (Key: r.String("key"), Value: r.String("value")), ct))
            .ToDictionary(row => row.Key, row => row.Value, StringComparer.Ordinal);
        return SettingDefinition.All.ToDictionary(
            d => d.Key,
            d => stored.TryGetValue(d.Key, out var value) ? value : d.Default,
            StringComparer.Ordinal);
    }

    /// <exception cref="ValidationException">The key is not a setting or the value does not fit it; nothing was saved.</exception>
    public async Task SetAsync(string key, string value, CancellationToken ct = default)
    {
        var subject = $"setting '{key}'";
        var definition = SettingDefinition.Find(key)
            ?? throw new ValidationException(subject, [new ValidationFailure("key", $"'{key}' is not a setting; known settings: {string.Join(", ", SettingDefinition.All.Select(d => d.Key))}")]);
        var normalised = definition.Normalise(value.Trim())
            ?? throw new ValidationException(subject, [new ValidationFailure(key, $"{key} = '{value}' must be {definition.Expectation}")]);
        await _database.ExecuteAsync("INSERT OR REPLACE INTO settings (key, value) VALUES ($key, $value);", ct, ("$key", key), ("$value", normalised));
    }
}
