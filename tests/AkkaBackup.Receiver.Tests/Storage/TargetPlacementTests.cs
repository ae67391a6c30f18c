using AkkaBackup.Core.Layout;
using AkkaBackup.Core.Retention;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Receiver.Storage;

namespace AkkaBackup.Receiver.Tests.Storage;

public sealed class TargetPlacementTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_target_folder_lies_below_the_client_folder_and_its_pattern_names_the_archive_in_its_time_zone()
    {
        using var store = new StoreFixture("""naming-pattern = "{server}_receiver_{timestamp}.zip" """);
        var placement = new Placement("nightly/db1", "{instance}_{timestamp:yyyyMMdd-HHmm}.zip", "Europe/Berlin");

        var filed = ArchiveFiler.Place(store.Settings, store.Archive(placement: placement), Now);

        Assert.Equal(Path.Combine(store.Root, "client-1", "nightly", "db1", "main_20261125-1536.zip"), filed.StoredPath);
        Assert.True(File.Exists(StoreFiles.ManifestOf(filed.StoredPath)));
    }

    [Fact]
    public void What_a_placement_leaves_empty_the_receiver_layout_and_pattern_decide()
    {
        using var store = new StoreFixture("""naming-pattern = "{server}_receiver.zip" """);

        var folderOnly = ArchiveFiler.Place(store.Settings, store.Archive(placement: new Placement("weekly", "", "")), Now);
        var patternOnly = ArchiveFiler.Place(store.Settings, store.Archive(placement: new Placement("", "{instance}-x.zip", "UTC")), Now);

        Assert.Equal(Path.Combine(store.Root, "client-1", "weekly", "db1_receiver.zip"), folderOnly.StoredPath);
        Assert.Equal(Path.Combine(store.Root, "client-1", "main", "2026", "11", "main-x.zip"), patternOnly.StoredPath);
    }

    [Theory]
    [InlineData("../client-2", "remote-folder = '../client-2'")]
    [InlineData("/etc", "remote-folder = '/etc'")]
    [InlineData("a/../../b", "remote-folder = 'a/../../b'")]
    [InlineData(".partial", "remote-folder = '.partial'")]
    public void A_folder_that_could_leave_the_client_folder_is_refused_and_never_used(string folder, string message)
    {
        using var store = new StoreFixture();
        var placement = new Placement(folder, "", "");

        Assert.Contains(message, TargetPlacement.Problem(placement));
        Assert.Throws<StoreEscapeException>(() => ArchiveFiler.Place(store.Settings, store.Archive(placement: placement), Now));
        Assert.Empty(Directory.GetFiles(store.Root, "*.zip", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("{nope}.zip", "UTC", "naming-pattern = '{nope}.zip'")]
    [InlineData("a/{instance}.zip", "UTC", "must be a file name")]
    [InlineData("{instance}.zip", "Mars/Olympus", "Mars/Olympus")]
    public void A_pattern_or_time_zone_the_receiver_cannot_use_is_named_in_the_refusal(string pattern, string zone, string message)
    {
        Assert.Contains(message, TargetPlacement.Problem(new Placement("", pattern, zone)));
    }

    [Fact]
    public void The_receiver_defaults_need_no_check()
    {
        Assert.Null(TargetPlacement.Problem(Placement.ReceiverDefault));
        Assert.Null(TargetPlacement.Problem(new Placement("a/b.c/d_e-f", "{server}_{timestamp:yyyyMMdd}.zip", "Europe/Berlin")));
    }
}
