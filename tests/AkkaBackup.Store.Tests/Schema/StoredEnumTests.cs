using AkkaBackup.Store.Alerts;
using AkkaBackup.Store.Instances;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Tests.Support;
using AlertSeverity = AkkaBackup.Core.Alerts.AlertSeverity;

namespace AkkaBackup.Store.Tests.Schema;

/// <summary>
/// Enums are stored by name, so stores written before the severity and the service kind became shared
/// types (their twins had other members or another order) read back the same, and are written the same.
/// </summary>
public sealed class StoredEnumTests
{
    [Theory]
    [InlineData("info", AlertSeverity.Info)]
    [InlineData("warning", AlertSeverity.Warning)]
    [InlineData("error", AlertSeverity.Error)]
    [InlineData("critical", AlertSeverity.Critical)]
    public async Task A_minimum_severity_written_by_an_older_node_reads_back_the_same(string stored, AlertSeverity expected)
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        var channel = new AlertChannel("ops", "webhook", new Secret("""{"url":"https://hooks.example.org/x"}"""), AlertSeverity.Info);
        await store.AlertChannels.SaveAsync(channel);
        await ExecuteAsync(temp, $"UPDATE alert_channels SET min_severity = '{stored}';");

        Assert.Equal(expected, (await store.AlertChannels.GetAsync("ops"))!.MinSeverity);
        await store.AlertChannels.SaveAsync(channel with { MinSeverity = expected });
        Assert.Equal(stored, await ColumnAsync(temp, "SELECT min_severity FROM alert_channels;"));
    }

    [Theory]
    [InlineData("systemd", ServiceKind.Systemd)]
    [InlineData("windows", ServiceKind.Windows)]
    [InlineData("command", ServiceKind.Command)]
    public async Task A_service_kind_written_by_an_older_node_reads_back_the_same(string stored, ServiceKind expected)
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        var instance = Samples.Instance() with { StopCommand = "stop", StartCommand = "start" };
        await store.Instances.SaveAsync(instance, new Secret("pw"));
        await ExecuteAsync(temp, $"UPDATE instances SET service_kind = '{stored}';");

        Assert.Equal(expected, (await store.Instances.GetAsync("db1"))!.ServiceKind);
        await store.Instances.SaveAsync(instance with { ServiceKind = expected }, null);
        Assert.Equal(stored, await ColumnAsync(temp, "SELECT service_kind FROM instances;"));
    }

    private static async Task<string> ColumnAsync(TempStore temp, string sql)
    {
        await using var connection = await temp.OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(TempStore temp, string sql)
    {
        await using var connection = await temp.OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
