using AkkaBackup.Core.Naming;
using AkkaBackup.Core.Retention;
using AkkaBackup.Store.Catalog;
using AkkaBackup.Store.Schema;
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
        Assert.Equal(CatalogMigrations.All[^1].Version, catalog.SchemaVersion);
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

        // Pages, newest first: 4 rows in pages of 3 are 3 and 1, and the offset moves past the first page.
        var all = (await catalog.SearchAsync(new CatalogQuery())).Select(r => r.Id).ToList();
        var pages = new List<List<long>>();
        foreach (var offset in new[] { 0, 3, 6 })
        {
            pages.Add((await catalog.SearchAsync(new CatalogQuery(Limit: 3, Offset: offset))).Select(r => r.Id).ToList());
        }

        Assert.Equal([all[..3], all[3..], []], pages);
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

    [Fact]
    public async Task A_drill_row_comes_back_with_its_status_stage_and_every_table_and_is_found_by_its_event()
    {
        await using var temp = TempStore.Create();
        var catalog = await FleetCatalog.OpenAsync(temp.DatabasePath);
        var passed = Drill(Main, Day1, CatalogDrillStatus.Passed, null, null,
            new CatalogDrillTable("shop.orders", true, "OK", 3_926_522_941),
            new CatalogDrillTable("mysql.global_priv", true, "OK", null));
        var failed = Drill(Main, Day1.AddDays(1), CatalogDrillStatus.Failed, "check-tables", "CHECK TABLE failed for shop.orders: Corrupt",
            new CatalogDrillTable("shop.orders", false, "Table is marked as crashed: \"corrupt\"", null));
        var refused = Drill(new("client-2", "main"), Day1, CatalogDrillStatus.Refused, "preflight", "mariadbd not found on PATH");

        await catalog.AppendAsync([passed, Filing(Main, Day1, 1), failed, refused]);

        var drills = await catalog.SearchAsync(new CatalogQuery(Event: CatalogEvent.Drill));
        Assert.Equal([failed with { Id = 3 }, refused with { Id = 4 }, passed with { Id = 1 }], drills);
        Assert.Equal(2, drills[2].Drill!.Tables.Count);
        Assert.Null(drills[2].Drill!.Tables[1].Checksum);
        Assert.Equal(3_926_522_941, drills[2].Drill!.Tables[0].Checksum);
        Assert.Empty(drills[1].Drill!.Tables);
        Assert.Null(Assert.Single(await catalog.SearchAsync(new CatalogQuery(Event: CatalogEvent.Filed))).Drill);
        Assert.Equal(3, Assert.Single(await catalog.SearchAsync(new CatalogQuery(Text: "check table failed"))).Id);

        // The column is plain JSON with the report's keys, for whoever reads the file with SQLite alone.
        await using var raw = await temp.OpenRawAsync();
        await using var command = raw.CreateCommand();
        command.CommandText = "SELECT json_extract(drill_tables, '$[0].checksum') || ' ' || json_extract(drill_tables, '$[1].table') FROM catalog WHERE id = 1;";
        Assert.Equal("3926522941 mysql.global_priv", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_version_1_catalog_is_migrated_keeping_its_rows_their_ids_and_its_watched_instances_and_then_takes_drills()
    {
        await using var temp = TempStore.Create();
        await using (var connection = await temp.OpenRawAsync())
        {
            Assert.Equal(1, await SchemaMigrator.MigrateAsync(connection, temp.DatabasePath, CatalogMigrations.All.Take(1).ToList(), CancellationToken.None));
            await using var insert = connection.CreateCommand();
            insert.CommandText = $"""
                INSERT INTO catalog (at, event, client, instance, type, stored_name, archive_bytes, sha256, duration_ms, reason, count)
                    VALUES ({Day1.ToUnixTimeMilliseconds()}, 'filed', 'client-1', 'main', 'cold', 'db1_main.zip', 1234, 'abc', 2500, NULL, 1);
                INSERT INTO catalog (at, event, peer, reason, count) VALUES ({Day1.AddHours(1).ToUnixTimeMilliseconds()}, 'refused', '10.0.0.9', 'CN=stranger', 3);
                INSERT INTO watched_instances (client, instance, last_filed) VALUES ('client-1', 'main', {Day1.ToUnixTimeMilliseconds()});
                """;
            await insert.ExecuteNonQueryAsync();
        }

        var catalog = await FleetCatalog.OpenAsync(temp.DatabasePath);

        Assert.Equal(CatalogMigrations.All[^1].Version, catalog.SchemaVersion);
        var rows = await catalog.SearchAsync(new CatalogQuery());
        Assert.Equal(
            [
                new CatalogEntry(Day1.AddHours(1), CatalogEvent.Refused) { Id = 2, Peer = "10.0.0.9", Reason = "CN=stranger", Count = 3 },
                new CatalogEntry(Day1, CatalogEvent.Filed)
                {
                    Id = 1, Client = "client-1", Instance = "main", Type = BackupType.Cold, StoredName = "db1_main.zip", ArchiveBytes = 1234, Sha256 = "abc", Duration = TimeSpan.FromSeconds(2.5),
                },
            ],
            rows);
        Assert.Equal(Day1, Assert.Single(await catalog.WatchedAsync()).LastFiled);

        var drill = Drill(Main, Day1.AddDays(1), CatalogDrillStatus.Passed, null, null, new CatalogDrillTable("shop.orders", true, "OK", 42));
        await catalog.AppendAsync([drill]);
        Assert.Equal(drill with { Id = 3 }, (await catalog.SearchAsync(new CatalogQuery()))[0]);
        Assert.Equal(CatalogMigrations.All[^1].Version, (await FleetCatalog.OpenAsync(temp.DatabasePath)).SchemaVersion);
        await using var check = await temp.OpenRawAsync();
        await using var indexes = check.CreateCommand();
        indexes.CommandText = "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'catalog' AND name NOT LIKE 'sqlite_%' ORDER BY name);";
        Assert.Equal("catalog_by_instance catalog_by_time", await indexes.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_version_2_filing_has_an_unknown_downtime_and_next_run_and_a_new_one_keeps_what_its_client_reported()
    {
        await using var temp = TempStore.Create();
        await using (var connection = await temp.OpenRawAsync())
        {
            Assert.Equal(2, await SchemaMigrator.MigrateAsync(connection, temp.DatabasePath, CatalogMigrations.All.Take(2).ToList(), CancellationToken.None));
            await using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO catalog (at, event, client, instance, type, archive_bytes) VALUES ({Day1.ToUnixTimeMilliseconds()}, 'filed', 'client-1', 'main', 'cold', 1234);";
            await insert.ExecuteNonQueryAsync();
        }

        var catalog = await FleetCatalog.OpenAsync(temp.DatabasePath);
        var old = Assert.Single(await catalog.SearchAsync(new CatalogQuery()));
        Assert.Equal(3, catalog.SchemaVersion);
        Assert.Null(old.Downtime);
        Assert.Null(old.NextRun);
        Assert.Null(Assert.Single(await catalog.SummarizeAsync(Day1.AddDays(-1), Day1.AddDays(1))).NextRun);

        var reported = Filing(Main, Day1.AddDays(1), 2000) with { Downtime = TimeSpan.FromSeconds(42.125), NextRun = Day1.AddDays(2) };
        var hot = Filing(Main, Day1.AddDays(1).AddMinutes(5), 3000) with { Downtime = TimeSpan.Zero };
        await catalog.AppendAsync([reported, hot]);

        var rows = await catalog.SearchAsync(new CatalogQuery(Event: CatalogEvent.Filed));
        Assert.Equal([hot with { Id = 3 }, reported with { Id = 2 }, old], rows);
        Assert.Equal(TimeSpan.Zero, rows[0].Downtime);
        Assert.Equal(Day1.AddDays(2), Assert.Single(await catalog.SummarizeAsync(Day1, Day1.AddDays(1).AddMinutes(1))).NextRun);
        Assert.Null(Assert.Single(await catalog.SummarizeAsync(Day1, Day1.AddDays(3))).NextRun);
    }

    [Fact]
    public async Task Only_drill_rows_carry_a_drill_and_every_drill_row_has_one()
    {
        await using var temp = TempStore.Create();
        var catalog = await FleetCatalog.OpenAsync(temp.DatabasePath);

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => catalog.AppendAsync([new CatalogEntry(Day1, CatalogEvent.Drill) { Client = "client-1" }]));
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => catalog.AppendAsync([Filing(Main, Day1, 1) with { Drill = new CatalogDrill(CatalogDrillStatus.Passed, null, []) }]));
        Assert.Empty(await catalog.SearchAsync(new CatalogQuery()));
    }

    [Fact]
    public async Task The_summary_gives_each_instance_its_newest_drill_before_the_periods_end_even_without_filings_in_it()
    {
        await using var temp = TempStore.Create();
        var catalog = await FleetCatalog.OpenAsync(temp.DatabasePath);
        var drilledOnly = new InstanceKey("client-2", "kept");
        await catalog.AppendAsync(
        [
            Filing(Main, Day1, 100),
            Drill(Main, Day1.AddDays(-3), CatalogDrillStatus.Passed, null, null),
            Drill(Main, Day1.AddDays(1), CatalogDrillStatus.Failed, "restore", "the archive is damaged"),
            Drill(Main, Day1.AddDays(9), CatalogDrillStatus.Passed, null, null),
            Drill(drilledOnly, Day1.AddDays(-20), CatalogDrillStatus.Refused, "preflight", "not enough space"),
        ]);

        var summaries = await catalog.SummarizeAsync(Day1, Day1.AddDays(5));

        Assert.Equal([Main, drilledOnly], summaries.Select(s => s.Key));
        Assert.Equal(new LastDrill(Main, Day1.AddDays(1), CatalogDrillStatus.Failed), summaries[0].LastDrill);
        Assert.Equal((1, 0), (summaries[0].Filed, summaries[0].NotFiled));
        Assert.Equal(new LastDrill(drilledOnly, Day1.AddDays(-20), CatalogDrillStatus.Refused), summaries[1].LastDrill);
        Assert.Equal((0, 0, null), (summaries[1].Filed, summaries[1].NotFiled, summaries[1].LastSuccess));
        Assert.Equal([drilledOnly], (await catalog.SummarizeAsync(Day1.AddDays(-40), Day1.AddDays(-10))).Select(s => s.Key));
    }

    private static CatalogEntry Drill(InstanceKey instance, DateTimeOffset at, CatalogDrillStatus status, string? stage, string? reason, params CatalogDrillTable[] tables) =>
        new(at, CatalogEvent.Drill)
        {
            Client = instance.Client,
            Instance = instance.Instance,
            Type = BackupType.Cold,
            StoredName = $"db1_{instance.Instance}.zip",
            StoredPath = $"/store/{instance.Client}/db1_{instance.Instance}.zip",
            DataBytes = 5_000_000,
            Sha256 = new string('b', 64),
            Duration = TimeSpan.FromSeconds(7.25),
            Reason = reason,
            Drill = new CatalogDrill(status, stage, tables),
        };

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
