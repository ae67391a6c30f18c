using AkkaBackup.Core.Naming;
using AkkaBackup.Core.Retention;
using AkkaBackup.Store.Catalog;
using AkkaBackup.Store.Tests.Support;

namespace AkkaBackup.Store.Tests.Catalog;

/// <summary>The receiver's fleet catalog on a real SQLite file: rows in and out, the watched instances, the summaries, pruning.</summary>
public sealed class FleetCatalogTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 1, 3, 0, 0, TimeSpan.Zero);
    private static readonly InstanceKey Main = new("client-1", "main");

    [Fact]
    public async Task Every_field_of_a_row_comes_back_as_written_and_the_schema_is_the_catalogs_own()
    {
        await using var temp = TempStore.Create();
        var catalog = await FleetCatalog.OpenAsync(temp.DatabasePath);
        var filed = Filing(Main, Day1, 1000) with { DataBytes = 5000, TransferId = "t-1", StoredPath = "/store/a.zip", Duration = TimeSpan.FromSeconds(12.5), Type = BackupType.Hot };
        var deleted = new CatalogEntry(Day1.AddDays(1), CatalogEvent.Deleted)
        {
            Client = "client-1", Instance = "main", StoredName = "a.zip", Rule = RetentionRule.OutsideKeepRules, Reason = "not among the newest 1",
        };

        await catalog.AppendAsync([filed, deleted]);

        var rows = await catalog.SearchAsync(new CatalogQuery());
        Assert.Equal([deleted with { Id = 2 }, filed with { Id = 1 }], rows);
        Assert.Equal(1, catalog.SchemaVersion);
        Assert.Equal(0, await temp.CountAsync("sqlite_master WHERE name = 'run_log'"));
    }

    [Fact]
    public async Task Filters_combine_and_the_text_search_finds_reasons_names_and_peers_with_like_wildcards_taken_literally()
    {
        await using var temp = TempStore.Create();
        var catalog = await FleetCatalog.OpenAsync(temp.DatabasePath);
        var other = new InstanceKey("client-2", "main");
        await catalog.AppendAsync(
        [
            Filing(Main, Day1, 100),
            Filing(other, Day1.AddHours(1), 100),
            new CatalogEntry(Day1.AddHours(2), CatalogEvent.Refused) { Peer = "10.0.0.9", Reason = "TLS: certificate CN=stranger is not one of the allowed peers" },
            new CatalogEntry(Day1.AddDays(2), CatalogEvent.Refused) { Client = "client-1", Instance = "main", Reason = "not enough space: 100% used" },
        ]);

        Assert.Equal(["db1_main_100.zip"], (await catalog.SearchAsync(new CatalogQuery(Client: "client-1", Event: CatalogEvent.Filed))).Select(r => r.StoredName));
        Assert.Equal(2, (await catalog.SearchAsync(new CatalogQuery(Instance: "main", To: Day1.AddDays(1)))).Count);
        Assert.Equal(2, (await catalog.SearchAsync(new CatalogQuery(From: Day1.AddHours(1), To: Day1.AddDays(1)))).Count);
        Assert.Equal("10.0.0.9", Assert.Single(await catalog.SearchAsync(new CatalogQuery(Text: "cn=STRANGER"))).Peer);
        Assert.Single(await catalog.SearchAsync(new CatalogQuery(Text: "100%")));
        Assert.Empty(await catalog.SearchAsync(new CatalogQuery(Text: "db1%100")));
        Assert.Equal(2, (await catalog.SearchAsync(new CatalogQuery(Limit: 2))).Count);
    }

    [Fact]
    public async Task A_filing_moves_its_instances_last_filing_forward_only_and_forgetting_lasts_until_the_next_filing()
    {
        await using var temp = TempStore.Create();
        var catalog = await FleetCatalog.OpenAsync(temp.DatabasePath);
        await catalog.AppendAsync([Filing(Main, Day1.AddDays(1), 1), Filing(Main, Day1, 1)]);
        Assert.Equal(Day1.AddDays(1), Assert.Single(await catalog.WatchedAsync()).LastFiled);

        await catalog.MarkOverdueAsync(Main, Day1.AddDays(1), Day1.AddDays(3));
        Assert.Equal((Day1.AddDays(1), Day1.AddDays(3)), Overdue(Assert.Single(await catalog.WatchedAsync())));
        await catalog.ClearOverdueAsync(Main);
        Assert.Equal((null, null), Overdue(Assert.Single(await catalog.WatchedAsync())));

        Assert.True(await catalog.ForgetAsync(Main, Day1.AddDays(4)));
        Assert.False(await catalog.ForgetAsync(Main, Day1.AddDays(4)));
        Assert.Empty(await catalog.WatchedAsync());
        Assert.Equal(CatalogEvent.Forgotten, (await catalog.SearchAsync(new CatalogQuery()))[0].Event);

        await catalog.AppendAsync([Filing(Main, Day1.AddDays(5), 1)]);
        Assert.Equal(Day1.AddDays(5), Assert.Single(await catalog.WatchedAsync()).LastFiled);
    }

    [Fact]
    public async Task Recent_filings_are_the_newest_n_per_instance_oldest_first()
    {
        await using var temp = TempStore.Create();
        var catalog = await FleetCatalog.OpenAsync(temp.DatabasePath);
        await catalog.AppendAsync([.. Enumerable.Range(0, 5).Select(d => Filing(Main, Day1.AddDays(d), 1)), Filing(new("client-2", "main"), Day1, 1)]);

        var recent = await catalog.RecentFilingsAsync(3);

        Assert.Equal([Day1.AddDays(2), Day1.AddDays(3), Day1.AddDays(4)], recent[Main]);
        Assert.Equal([Day1], recent[new("client-2", "main")]);
    }

    [Fact]
    public async Task Pruning_deletes_old_rows_only_and_never_the_watched_instances()
    {
        await using var temp = TempStore.Create();
        var catalog = await FleetCatalog.OpenAsync(temp.DatabasePath);
        await catalog.AppendAsync([Filing(Main, Day1, 1), Filing(Main, Day1.AddDays(10), 2)]);

        Assert.Equal(1, await catalog.PruneAsync(Day1.AddDays(5)));

        Assert.Equal(2, Assert.Single(await catalog.SearchAsync(new CatalogQuery())).ArchiveBytes);
        Assert.Equal(Day1.AddDays(10), Assert.Single(await catalog.WatchedAsync()).LastFiled);
        Assert.Equal(0, await catalog.PruneAsync(Day1.AddDays(5)));
    }

    [Fact]
    public async Task The_summary_counts_the_period_rates_filed_over_all_attempts_and_compares_sizes_of_the_last_type_only()
    {
        await using var temp = TempStore.Create();
        var catalog = await FleetCatalog.OpenAsync(temp.DatabasePath);
        var quiet = new InstanceKey("client-2", "old");
        await catalog.AppendAsync(
        [
            Filing(quiet, Day1.AddDays(-40), 7),
            Filing(Main, Day1.AddDays(-1), 50),
            Filing(Main, Day1, 1000),
            Filing(Main, Day1.AddDays(1), 999_999) with { Type = BackupType.Hot },
            Filing(Main, Day1.AddDays(2), 1100),
            new CatalogEntry(Day1.AddDays(2), CatalogEvent.Refused) { Client = "client-1", Instance = "main", Reason = "full", Count = 2 },
            new CatalogEntry(Day1.AddDays(3), CatalogEvent.Expired) { Client = "client-1", Instance = "main", Reason = "abandoned" },
            new CatalogEntry(Day1.AddDays(3), CatalogEvent.Refused) { Client = "client-1", Reason = "pre-flight" },
            Filing(Main, Day1.AddDays(9), 5000),
        ]);

        var summaries = await catalog.SummarizeAsync(Day1, Day1.AddDays(5));

        Assert.Equal([Main, quiet], summaries.Select(s => s.Key));
        var main = summaries[0];
        Assert.Equal((3, 3, 0.5), (main.Filed, main.NotFiled, main.SuccessRate));
        Assert.Equal((Day1.AddDays(2), BackupType.Cold), (main.LastSuccess, main.LastType));
        Assert.Equal((1_002_099L, 1100L), (main.TotalArchiveBytes, main.LastArchiveBytes));
        Assert.Equal((100L, 10.0), (main.GrowthBytes, main.GrowthPercent));
        var old = summaries[1];
        Assert.Equal((0, 0, null, Day1.AddDays(-40)), (old.Filed, old.NotFiled, old.SuccessRate, old.LastSuccess));
        Assert.Null(old.GrowthBytes);
    }

    private static (DateTimeOffset?, DateTimeOffset?) Overdue(WatchedInstance w) => (w.OverdueFor, w.OverdueSince);

    private static CatalogEntry Filing(InstanceKey instance, DateTimeOffset at, long bytes) => new(at, CatalogEvent.Filed)
    {
        Client = instance.Client,
        Instance = instance.Instance,
        Type = BackupType.Cold,
        StoredName = $"db1_{instance.Instance}_{bytes}.zip",
        ArchiveBytes = bytes,
        Sha256 = new string('a', 64),
    };
}
