using AkkaBackup.Core.Alerts;
using AkkaBackup.Store.Instances;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Tests.Support;

namespace AkkaBackup.Store.Tests.Schema;

/// <summary>
/// Enums are stored by name, so stores written before the severity and the service kind became shared
/// types (their twins had other members or another order) read back the same, and are written the same.
/// </summary>
public sealed class StoredEnumTests
{
    [Fact]
    public Task Minimum_severities_written_by_an_older_node_read_back_the_same() => ReadBackAsync(
        "UPDATE alert_channels SET min_severity = $word;",
        "SELECT min_severity FROM alert_channels;",
        [("info", AlertSeverity.Info), ("warning", AlertSeverity.Warning), ("error", AlertSeverity.Error), ("critical", AlertSeverity.Critical)],
        (store, severity) => store.AlertChannels.SaveAsync(Samples.Channel() with { MinSeverity = severity }),
        async store => (await store.AlertChannels.GetAsync(Samples.Channel().Name))!.MinSeverity);

    [Fact]
    public Task Service_kinds_written_by_an_older_node_read_back_the_same() => ReadBackAsync(
        "UPDATE instances SET service_kind = $word;",
        "SELECT service_kind FROM instances;",
        [("systemd", ServiceKind.Systemd), ("windows", ServiceKind.Windows), ("command", ServiceKind.Command)],
        (store, kind) => store.Instances.SaveAsync(Samples.Instance() with { ServiceKind = kind, StopCommand = "stop", StartCommand = "start" }, new Secret("pw")),
        async store => (await store.Instances.GetAsync(Samples.Instance().Name))!.ServiceKind);

    /// <summary>For each word an older node wrote: a row holding it reads as the value, and saving the value writes the word.</summary>
    private static async Task ReadBackAsync<TEnum>(
        string setWord, string selectWord, (string Word, TEnum Value)[] words, Func<NodeStore, TEnum, Task> save, Func<NodeStore, Task<TEnum>> read)
        where TEnum : struct, Enum
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        await save(store, default);

        foreach (var (word, value) in words)
        {
            await using (var connection = await temp.OpenRawAsync())
            await using (var update = connection.CreateCommand())
            {
                update.CommandText = setWord;
                update.Parameters.AddWithValue("$word", word);
                await update.ExecuteNonQueryAsync();
            }

            Assert.Equal(value, await read(store));
            await save(store, default);
            await save(store, value);
            await using var check = await temp.OpenRawAsync();
            await using var select = check.CreateCommand();
            select.CommandText = selectWord;
            Assert.Equal(word, await select.ExecuteScalarAsync());
        }
    }
}
