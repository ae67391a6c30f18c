using System.Globalization;

namespace AkkaBackup.Store.Settings;

/// <summary>A known setting: its default and what a value must look like.</summary>
internal sealed record SettingDefinition(string Key, string Default, string Expectation, Func<string, string?> Normalise)
{
    public static readonly IReadOnlyList<SettingDefinition> All =
    [
        new(NodeSettings.AutoStartKey, "false", "true or false", v => bool.TryParse(v, out var b) ? (b ? "true" : "false") : null),
        new(NodeSettings.ConcurrencyKey, "1", "a whole number from 1 to 64", v => WholeNumber(v, 1, 64)),
        new(NodeSettings.LogRetentionDaysKey, "90", "a whole number of days from 1 to 3650", v => WholeNumber(v, 1, 3650)),
    ];

    public static SettingDefinition? Find(string key) => All.FirstOrDefault(d => d.Key == key);

    private static string? WholeNumber(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n.ToString(CultureInfo.InvariantCulture)
            : null;
}
