using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Layout;
using AkkaBackup.Core.Naming;
using AkkaBackup.Core.Tests.Naming;

namespace AkkaBackup.Core.Tests.Layout;

public sealed class StoreLayoutTests : IDisposable
{
    private static readonly NamingValues Values = new()
    {
        Server = "db1",
        Instance = "main",
        Client = "client-1",
        Timestamp = new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero),
    };

    private readonly TempDirectory _store = new("akkabackup-store");

    [Fact]
    public void The_default_layout_files_by_client_instance_year_and_month()
    {
        var layout = StoreLayout.Parse(StoreLayout.Default, "akkabackup.receiver.layout");

        Assert.Equal(Path.Combine("client-1", "main", "2026", "12"), layout.RelativeDirectory(Values));
        Assert.Equal(_store.PathOf("client-1", "main", "2026", "12"), layout.DirectoryUnder(_store.Root, Values));
    }

    [Fact]
    public void Date_directories_follow_the_configured_time_zone()
    {
        var layout = StoreLayout.Parse(StoreLayout.Default, "layout", NamingTimeZone.Resolve("Europe/Berlin", "time-zone"));

        Assert.Equal(Path.Combine("client-1", "main", "2027", "01"), layout.RelativeDirectory(Values));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("archive", "archive")]
    [InlineData("{server}-{instance}/{timestamp:yyyy-'W'}{timestamp:MM}", "db1-main/2026-W12")]
    [InlineData("by-day/{timestamp:yyyy}/{timestamp:MM}/{timestamp:dd}/", "by-day/2026/12/31")]
    [InlineData("{type}/{database}/{sequence:000}", "cold/all/000")]
    public void Other_layouts_render_as_written(string pattern, string expected)
    {
        var layout = StoreLayout.Parse(pattern, "layout");

        Assert.Equal(expected.Replace('/', Path.DirectorySeparatorChar), layout.RelativeDirectory(Values));
    }

    [Theory]
    [InlineData("/srv/{client}", "must be relative to the store root")]
    [InlineData("/", "must be relative to the store root")]
    [InlineData("C:/{client}", "must be relative to the store root")]
    [InlineData("c:{client}", "must be relative to the store root")]
    [InlineData("~/{client}", "must be relative to the store root")]
    [InlineData("../{client}", "starts with '.'")]
    [InlineData("{client}/..", "starts with '.'")]
    [InlineData("{client}/../../etc", "starts with '.'")]
    [InlineData("./{client}", "starts with '.'")]
    [InlineData(".partial/{client}", "starts with '.'")]
    [InlineData("{client}/x..y", "contains '..' or ':'")]
    [InlineData("{client}/a:b", "contains '..' or ':'")]
    [InlineData("{client}//{instance}", "empty directory")]
    [InlineData("{client}\\{instance}", "never '\\'")]
    [InlineData("\\\\server\\share\\{client}", "never '\\'")]
    [InlineData("{client}/{yyyy}/{MM}", "write date parts as {timestamp:yyyy}")]
    [InlineData("{client}/{timestamp:yyyy/MM}", "writes a path separator")]
    [InlineData("{client}/{timestamp:yyyy'/'MM}", "writes a path separator")]
    [InlineData("{client}/{bogus}", "unknown token {bogus}")]
    [InlineData("{client}/a\0b", "control character")]
    public void Layouts_that_could_leave_the_store_are_refused(string pattern, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => StoreLayout.Parse(pattern, "akkabackup.receiver.layout"));

        Assert.Contains(expected, error.Message);
        Assert.Contains("akkabackup.receiver.layout", error.Message);
    }

    [Theory]
    [MemberData(nameof(TokenValueTests.HostileValues), MemberType = typeof(TokenValueTests))]
    public void Hostile_token_values_stay_inside_the_store(string hostile)
    {
        var layout = StoreLayout.Parse("{client}/{server}.{instance}/{database}-{runid}/{type}", "layout");
        var values = Values with { Client = hostile, Server = hostile, Instance = hostile, Database = hostile, RunId = hostile, Type = hostile };

        var directory = layout.DirectoryUnder(_store.Root, values);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "probe"), "inside");

        Assert.True(StorePath.IsUnder(_store.Root, directory), directory);
        Assert.Equal(4, Path.GetRelativePath(_store.Root, directory).Split(Path.DirectorySeparatorChar).Length);
        Assert.Single(Directory.GetFiles(_store.Root, "probe", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("a/../../outside")]
    [InlineData("/etc")]
    [InlineData("a\0b")]
    public void Paths_that_resolve_outside_the_root_are_refused(string relative)
    {
        Assert.Throws<StoreEscapeException>(() => StorePath.Under(_store.Root, relative));
    }

    [Fact]
    public void A_sibling_whose_name_starts_like_the_root_is_not_under_it()
    {
        Assert.False(StorePath.IsUnder(_store.Root, _store.Root + "-evil"));
        Assert.True(StorePath.IsUnder(_store.Root, _store.PathOf("a", "b")));
        Assert.True(StorePath.IsUnder(_store.Root, _store.Root));
    }

    public void Dispose() => _store.Dispose();
}
