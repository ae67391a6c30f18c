using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Layout;
using AkkaBackup.Core.Retention;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Storage;

namespace AkkaBackup.Receiver.Tests.Storage;

public sealed class ArchiveFilerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_default_layout_files_by_client_instance_year_and_month_with_the_manifest_beside()
    {
        using var store = new StoreFixture();

        var filed = ArchiveFiler.Place(store.Settings, store.Archive(), Now);

        Assert.Equal(Path.Combine(store.Root, "client-1", "main", "2026", "11", "db1_main_cold_20261125_143648.zip"), filed.StoredPath);
        Assert.True(File.Exists(filed.StoredPath));
        var manifest = StoredManifest.Read(StoreFiles.ManifestOf(filed.StoredPath));
        Assert.Equal(("client-1", "main", filed.StoredName), (manifest.Client, manifest.Instance, manifest.StoredName));
        Assert.Empty(Directory.GetFiles(store.Settings.PartialDirectory, "*.part"));
    }

    [Fact]
    public void Every_token_is_rendered_into_layout_and_name_in_the_configured_time_zone()
    {
        using var store = new StoreFixture("""
            layout = "{server}/{type}-{database}/{timestamp:yyyy-MM-dd}/"
            naming-pattern = "{client}_{instance}_{runid}_{sequence:000}_{timestamp:HHmm}.zip"
            time-zone = "Europe/Berlin"
            """);

        var first = ArchiveFiler.Place(store.Settings, store.Archive(runId: "20261125143648-abc"), Now);
        var second = ArchiveFiler.Place(store.Settings, store.Archive(runId: "20261125143648-abd"), Now);

        Assert.Equal(Path.Combine(store.Root, "db1", "cold-all", "2026-11-25", "client-1_main_20261125143648-abc_001_1536.zip"), first.StoredPath);
        Assert.Equal("client-1_main_20261125143648-abd_002_1536.zip", second.StoredName);
    }

    [Theory]
    [InlineData("../../../etc", "main")]
    [InlineData("/etc/cron.d", "..")]
    [InlineData("db1\0x", "C:\\Windows")]
    [InlineData("db1", "a/../../b")]
    public void Hostile_token_values_from_a_client_stay_inside_the_store(string server, string instance)
    {
        using var store = new StoreFixture("""layout = "{server}/{instance}/" """);

        var filed = ArchiveFiler.Place(store.Settings, store.Archive(server: server, instance: instance), Now);

        Assert.True(StorePath.IsUnder(store.Root, filed.StoredPath));
        Assert.Equal(store.Root, Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(filed.StoredPath))));
        Assert.DoesNotContain("..", Path.GetRelativePath(store.Root, filed.StoredPath));
        Assert.DoesNotContain('\0', filed.StoredPath);
    }

    [Fact]
    public void An_overlong_token_is_cut_and_the_name_still_fits_a_file_system()
    {
        using var store = new StoreFixture();

        var filed = ArchiveFiler.Place(store.Settings, store.Archive(server: new string('s', 5000), instance: new string('i', 5000)), Now);

        Assert.True(StorePath.IsUnder(store.Root, filed.StoredPath));
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(filed.StoredName + StoreFiles.ManifestSuffix) <= 255);
        Assert.EndsWith(".zip", filed.StoredName);
    }

    [Fact]
    public async Task Many_backups_finishing_at_once_with_the_same_name_never_overwrite_each_other()
    {
        using var store = new StoreFixture();
        var archives = Enumerable.Range(0, 8).Select(_ => store.Archive()).ToList();
        var next = -1;
        using var start = new ManualResetEventSlim();

        var filings = archives.Select(_ => Task.Run(() =>
        {
            start.Wait();
            return ArchiveFiler.Place(store.Settings, archives[Interlocked.Increment(ref next)], Now);
        })).ToList();
        start.Set();
        var filed = await Task.WhenAll(filings);

        Assert.Equal(8, filed.Select(f => f.StoredPath).Distinct().Count());
        Assert.Equal(
            archives.Select(a => "archive " + a.TransferId).Order(),
            filed.Select(f => File.ReadAllText(f.StoredPath)).Order());
        Assert.All(filed, f => Assert.Equal(f.StoredName, StoredManifest.Read(StoreFiles.ManifestOf(f.StoredPath)).StoredName));
    }

    [Theory]
    [InlineData("layout", "../{client}/")]
    [InlineData("layout", "/srv/{client}/")]
    [InlineData("layout", "{client}/.partial/")]
    [InlineData("naming-pattern", "{server}/{instance}.zip")]
    [InlineData("naming-pattern", "{server}_{yyyy}.zip")]
    [InlineData("time-zone", "Mars/Olympus")]
    public void A_pattern_that_could_escape_the_store_is_refused_at_start_naming_the_setting(string key, string value)
    {
        var root = Path.Combine(Path.GetTempPath(), "never-created");

        var error = Assert.Throws<ConfigurationException>(() => ReceiverSettingsReader.Read(StoreFixture.Config(root, $"{key} = \"{value}\"")));

        Assert.Contains($"akkabackup.receiver.{key}", error.Message);
    }
}
