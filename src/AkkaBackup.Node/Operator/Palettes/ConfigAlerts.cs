using Akka.Configuration;
using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Alerts.Channels;
using AkkaBackup.Node.Alerts;
using AkkaBackup.Node.Output;
using AkkaBackup.Store.Alerts;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Validation;
using AlertChannel = AkkaBackup.Store.Alerts.AlertChannel;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;

namespace AkkaBackup.Node.Operator.Palettes;

/// <summary>
/// <c>config alert list|add|set|remove|test</c>: where alerts go, besides the channels of the HOCON file. A channel's
/// settings (a JSON object with the keys of an <c>akkabackup.alerts.channels</c> entry; SMTP passwords, webhook
/// tokens) are stored encrypted and never shown again. The node reads the channels for every alert: no restart.
/// </summary>
public static class ConfigAlerts
{
    private static readonly string[] Fields = ["type", "settings", "min-severity"];

    public static IEnumerable<ConsoleCommand> Commands() =>
    [
        new("config", "alert list", "config alert list", "alert channels (their settings are not shown)", [], [], ListAsync),
        new("config", "alert add", "config alert add <name> --type email|webhook|command --settings '<json object>' [--min-severity info|warning|error|critical]",
            "add or replace an alert channel; settings take the keys of akkabackup.alerts.channels, e.g. '{\"url\": \"https://...\"}'",
            Fields, [], c => SaveAsync(c, adding: true)),
        new("config", "alert set", "config alert set <name> [--type ...] [--settings '<json object>'] [--min-severity ...]",
            "change an alert channel; --settings sets the keys it gives and keeps the others (a key set to null is removed); checked like add",
            Fields, [], c => SaveAsync(c, adding: false)),
        new("config", "alert remove", "config alert remove <name>", "remove an alert channel", [], [],
            c => ConfigPalette.RemoveAsync(c, "alert channel", name => c.Client.Store.AlertChannels.RemoveAsync(name))),
        new("config", "alert test", "config alert test <name>", "send a test alert through the channel now; exit 0 when it was delivered", [], [], TestAsync),
    ];

    private static async Task<int> ListAsync(ConsoleCall call)
    {
        var channels = (await call.Client.Store.AlertChannels.ListAsync()).Select(c => new AlertChannelJson(c.Name, c.Type, c.MinSeverity)).ToList();
        if (call.Json)
        {
            call.WriteJson(channels, OutputJsonContext.Default.IReadOnlyListAlertChannelJson);
            return 0;
        }

        ConsoleTable.Write(call.Out, ["NAME", "TYPE", "MIN SEVERITY"], channels.Select(c => (IReadOnlyList<string>)[c.Name, c.Type, c.MinSeverity.ToString().ToLowerInvariant()]));
        return 0;
    }

    private static async Task<int> SaveAsync(ConsoleCall call, bool adding)
    {
        var name = call.Subject("alert channel name");
        var stored = await call.Client.Store.AlertChannels.GetAsync(name);
        if (!adding && stored is null)
        {
            return call.Fail($"alert channel '{name}' is not configured", 2);
        }

        var a = call.Args;
        var channel = new AlertChannel(
            name,
            stored is null || a.Option("type") is not null ? a.RequiredOption(call.Command.Path, "type") : stored.Type,
            Settings(call, stored, adding),
            a.Option("min-severity") is { } s ? ConsoleValues.Enum<AlertSeverity>("min-severity", s) : stored?.MinSeverity ?? AlertSeverity.Warning);
        Check(channel, call.Node.System.Settings.Config);
        await call.Client.Store.AlertChannels.SaveAsync(channel);
        return ConfigPalette.Done(call, $"alert channel '{name}' saved; it is used from the next alert on.");
    }

    /// <summary>
    /// <c>add</c> takes the settings as given; <c>set</c> merges the given keys into the stored ones (null removes
    /// a key), so the secrets it does not name stay as they are without being typed again.
    /// </summary>
    private static Secret Settings(ConsoleCall call, AlertChannel? stored, bool adding)
    {
        if (stored is null)
        {
            return new Secret(call.Args.RequiredOption(call.Command.Path, "settings"));
        }

        if (call.Args.Option("settings") is not { } given)
        {
            return stored.Settings;
        }

        return adding ? new Secret(given) : AlertChannelSettingsPatch.Apply(stored.Name, stored.Settings, new Secret(given));
    }

    /// <summary>The store's checks, then those delivery makes (a webhook's URL, an email's addresses), so that a saved channel can be used.</summary>
    private static void Check(AlertChannel channel, Config config)
    {
        var subject = $"alert channel '{channel.Name}'";
        ValidationException.ThrowIfAny(subject, AlertChannelRules.Check(channel));
        try
        {
            StoredAlertChannels.ToSettings(channel, config);
        }
        catch (ConfigurationException e)
        {
            throw new ValidationException(subject, [new ValidationFailure("settings", e.Message)]);
        }
    }

    private static async Task<int> TestAsync(ConsoleCall call)
    {
        var name = call.Subject("alert channel name");
        if (await call.Client.Store.AlertChannels.GetAsync(name) is not { } stored)
        {
            return call.Fail($"alert channel '{name}' is not configured", 2);
        }

        var (via, error) = await SendTestAsync(call.Node, stored);
        if (call.Json)
        {
            call.WriteJson(new AlertTestJson(error is null, name, via, error), OutputJsonContext.Default.AlertTestJson);
            return error is null ? 0 : 1;
        }

        if (error is not null)
        {
            return call.Fail($"alert channel '{name}': the test alert was NOT delivered: {error}");
        }

        call.Out.WriteLine($"alert channel '{name}': test alert delivered via {via}.");
        return 0;
    }

    /// <returns>The channel as logs name it, and null when the test alert was delivered, else why not (secrets removed).</returns>
    private static async Task<(string? Via, string? Error)> SendTestAsync(ConsoleContext node, AlertChannel stored)
    {
        Core.Alerts.AlertChannel channel;
        AlertChannelSettings settings;
        try
        {
            settings = StoredAlertChannels.ToSettings(stored, node.System.Settings.Config);
            channel = AlertChannels.Create(settings, AlertHosting.Http);
        }
        catch (ConfigurationException e)
        {
            return (null, $"the channel cannot be used: {e.Message}");
        }

        return (channel.Name, await DeliverAsync(channel, BackupAlerts.ChannelTest(node.NodeName, stored.Name, settings.MinimumSeverity, DateTimeOffset.UtcNow)));
    }

    private static async Task<string?> DeliverAsync(Core.Alerts.AlertChannel channel, Alert alert)
    {
        using var deadline = new CancellationTokenSource(channel.Timeout);
        try
        {
            await channel.DeliverAsync(alert, deadline.Token);
            return null;
        }
        catch (OperationCanceledException)
        {
            return $"{channel.Name}: no answer within {channel.Timeout.TotalSeconds:0.###} s";
        }
        catch (AlertDeliveryException e)
        {
            return e.Message;
        }
    }
}
