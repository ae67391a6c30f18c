using System.Text.Json;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Validation;

namespace AkkaBackup.Store.Alerts;

/// <summary>The checks on an alert channel that need nothing but its values.</summary>
public static class AlertChannelRules
{
    public static IReadOnlyList<ValidationFailure> Check(AlertChannel channel) =>
        new FailureList()
            .Name("name", channel.Name)
            .Name("type", channel.Type)
            .Require(SettingsProblem(channel.Settings) is null, "settings", $"settings {SettingsProblem(channel.Settings)}")
            .Known("min-severity", channel.MinSeverity)
            .Failures;

    /// <summary>Says where the JSON breaks, never what it says there: the settings may hold credentials.</summary>
    internal static string? SettingsProblem(Secret settings)
    {
        try
        {
            using var document = JsonDocument.Parse(settings.Reveal());
            return document.RootElement.ValueKind == JsonValueKind.Object ? null : $"must be a JSON object, found a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}";
        }
        catch (JsonException e)
        {
            return $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})";
        }
    }
}
