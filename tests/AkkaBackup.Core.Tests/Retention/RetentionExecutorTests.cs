using AkkaBackup.Core.Naming;
using AkkaBackup.Core.Retention;

using AkkaBackup.TestSupport;

namespace AkkaBackup.Core.Tests.Retention;

public sealed class RetentionExecutorTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly GeneratedStore _store = new();

    [Fact]
    public void Applying_a_plan_deletes_each_archive_with_its_manifest_and_reports_the_rule()
    {
        var archives = _store.AddDaily("db1", "main", DateOnly.FromDateTime(Now.UtcDateTime), 6);
        var plan = RetentionPlanner.Plan(_store.Scan(), new RetentionPolicies { Default = new RetentionPolicy { KeepLast = 2 } }, Now);

        var outcomes = RetentionExecutor.Apply(plan, _store.Root);

        Assert.Equal(4, outcomes.Count);
        Assert.All(outcomes, o =>
        {
            Assert.True(o.Succeeded, o.Error);
            Assert.True(o.ArchiveDeleted && o.ManifestDeleted);
            Assert.Contains(nameof(RetentionRule.OutsideKeepRules), o.ToString());
        });
        Assert.All(archives.Take(2), a => Assert.True(_store.Holds(a), a));
        Assert.All(archives.Skip(2), a => Assert.False(File.Exists(a) || File.Exists(a + ".manifest.json"), a));
        Assert.Equal(4, Directory.GetFiles(_store.Root, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void A_deleted_archive_takes_its_drill_report_along()
    {
        var archives = _store.AddDaily("db1", "main", DateOnly.FromDateTime(Now.UtcDateTime), 2);
        File.WriteAllText(archives[0] + ".drill.json", "{}");
        File.WriteAllText(archives[1] + ".drill.json", "{}");
        var plan = RetentionPlanner.Plan(_store.Scan(), new RetentionPolicies { Default = new RetentionPolicy { KeepLast = 1 } }, Now);

        Assert.True(Assert.Single(RetentionExecutor.Apply(plan, _store.Root)).Succeeded);

        Assert.True(File.Exists(archives[0] + ".drill.json"));
        Assert.False(File.Exists(archives[1] + ".drill.json"));
    }

    [Fact]
    public void A_dry_run_is_the_plan_alone_and_changes_nothing()
    {
        var archives = _store.AddDaily("db1", "main", DateOnly.FromDateTime(Now.UtcDateTime), 6);

        var plan = RetentionPlanner.Plan(_store.Scan(), new RetentionPolicies { Default = new RetentionPolicy { KeepLast = 1 } }, Now);

        Assert.Equal(5, plan.Deletions.Count);
        Assert.All(archives, a => Assert.True(_store.Holds(a), a));
    }

    [Fact]
    public void Nothing_outside_the_store_and_nothing_in_progress_is_touched()
    {
        using var outside = new TempDirectory("akkabackup-outside");
        var foreign = outside.PathOf("precious.zip");
        File.WriteAllText(foreign, "not the store's");
        var filing = _store.Add("db1", "main", Now, inProgress: true);
        var plan = new RetentionPlan(
            [
                Deletion(foreign, inProgress: false),
                Deletion(filing, inProgress: false),
                Deletion(_store.Root, inProgress: false),
                Deletion(_store.Add("db1", "main", Now.AddDays(-1)), inProgress: true),
            ],
            [],
            []);

        var outcomes = RetentionExecutor.Apply(plan, _store.Root);

        Assert.All(outcomes, o => Assert.False(o.Succeeded || o.ArchiveDeleted || o.ManifestDeleted));
        Assert.True(File.Exists(foreign));
        Assert.True(File.Exists(filing));
        Assert.True(Directory.Exists(_store.Root));
    }

    [Fact]
    public void A_backup_whose_manifest_is_already_gone_is_still_deleted()
    {
        var archive = _store.Add("db1", "main", Now);
        File.Delete(archive + ".manifest.json");

        var outcome = Assert.Single(RetentionExecutor.Apply(new RetentionPlan([Deletion(archive, inProgress: false)], [], []), _store.Root));

        Assert.True(outcome.Succeeded);
        Assert.True(outcome.ArchiveDeleted);
        Assert.False(outcome.ManifestDeleted);
        Assert.False(File.Exists(archive));
    }

    private static BackupToDelete Deletion(string path, bool inProgress) =>
        new(new StoredBackup(new InstanceKey("db1", "main"), Now, 100, true, path, inProgress), RetentionRule.StoreSpace, "test");

    public void Dispose() => _store.Dispose();
}
