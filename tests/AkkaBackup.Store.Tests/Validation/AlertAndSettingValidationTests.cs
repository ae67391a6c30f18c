using AkkaBackup.Store.Alerts;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Settings;
using AkkaBackup.Store.Tests.Support;
using AlertSeverity = AkkaBackup.Core.Alerts.AlertSeverity;

namespace AkkaBackup.Store.Tests.Validation;

public sealed class AlertAndSettingValidationTests
{
    private static readonly AlertChannel Webhook = Samples.Channel();

    [Theory]
    [InlineData("""{"url": "https://hooks.example.org/s3cr3t-token" """, "settings is not valid JSON (line 1, byte")]
    [InlineData("""["https://hooks.example.org/s3cr3t-token"]""", "settings must be a JSON object, found a JSON array")]
    public async Task Channel_settings_that_are_not_a_json_object_are_refused_without_quoting_them(string settings, string message)
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;

        var error = await Refusals.AssertRefusedAsync(() => store.AlertChannels.SaveAsync(Webhook with { Settings = new Secret(settings) }), "settings", message);

        Assert.DoesNotContain("s3cr3t", error.Message);
        Assert.Equal(0, await temp.CountAsync("alert_channels"));
    }

    [Theory]
    [InlineData("type", "type = '' is not a valid name")]
    [InlineData("min-severity", "min-severity = '9' is not one of info, warning, error, critical")]
    [InlineData("name", "name = 'o p s' is not a valid name")]
    public async Task Channel_type_severity_and_name_are_checked(string field, string message)
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        var bad = field switch
        {
            "type" => Webhook with { Type = "" },
            "min-severity" => Webhook with { MinSeverity = (AlertSeverity)9 },
            _ => Webhook with { Name = "o p s" },
        };

        await Refusals.AssertRefusedAsync(() => store.AlertChannels.SaveAsync(bad), field, message);

        Assert.Equal(0, await temp.CountAsync("alert_channels"));
    }

    [Fact]
    public async Task Settings_have_defaults_and_take_checked_values()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        Assert.Equal(new NodeSettings(AutoStart: false, Concurrency: 1, LogRetentionDays: 90), await store.Settings.GetAsync());

        await store.Settings.SetAsync(NodeSettings.AutoStartKey, "True");
        await store.Settings.SetAsync(NodeSettings.ConcurrencyKey, " 3 ");
        await store.Settings.SetAsync(NodeSettings.LogRetentionDaysKey, "30");

        Assert.Equal(new NodeSettings(true, 3, 30), await store.Settings.GetAsync());
        Assert.Equal("true", (await store.Settings.ReadAllAsync())[NodeSettings.AutoStartKey]);
    }

    [Theory]
    [InlineData("colour", "blue", "key", "'colour' is not a setting; known settings: auto-start, concurrency, log-retention-days")]
    [InlineData("auto-start", "yes", "auto-start", "auto-start = 'yes' must be true or false")]
    [InlineData("concurrency", "0", "concurrency", "concurrency = '0' must be a whole number from 1 to 64")]
    [InlineData("concurrency", "2.5", "concurrency", "concurrency = '2.5' must be a whole number from 1 to 64")]
    [InlineData("log-retention-days", "-1", "log-retention-days", "log-retention-days = '-1' must be a whole number of days from 1 to 3650")]
    public async Task Unknown_settings_and_bad_values_are_refused_and_nothing_is_saved(string key, string value, string field, string message)
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;

        await Refusals.AssertRefusedAsync(() => store.Settings.SetAsync(key, value), field, message);

        Assert.Equal(0, await temp.CountAsync("settings"));
    }
}
