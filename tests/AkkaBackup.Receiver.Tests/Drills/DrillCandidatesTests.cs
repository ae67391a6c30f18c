using AkkaBackup.Core.Naming;
using AkkaBackup.Core.Retention;
using AkkaBackup.Receiver.Drills;

namespace AkkaBackup.Receiver.Tests.Drills;

public sealed class DrillCandidatesTests
{
    private static readonly DateTimeOffset Day = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_newest_verified_backup_of_each_client_and_instance_is_drilled_whatever_its_type()
    {
        List<StoredBackup> backups =
        [
            Backup("db1", "main", Day, "a-old.zip"),
            Backup("db1", "main", Day.AddDays(1), "a-new.xbstream.gz", type: BackupType.Hot),
            Backup("db1", "main", Day.AddDays(2), "a-unverified.zip", verified: false),
            Backup("db1", "main", Day.AddDays(3), "a-filing.zip", verified: false, inProgress: true),
            Backup("db2", "main", Day, "b.zip"),
            Backup("db1", "orders", Day.AddDays(-5), "c.zip"),
        ];

        var newest = DrillCandidates.Newest(backups);

        Assert.Equal(["a-new.xbstream.gz", "c.zip", "b.zip"], newest.Select(b => b.Path));
    }

    [Fact]
    public void An_instance_without_a_verified_backup_has_nothing_to_drill()
    {
        Assert.Empty(DrillCandidates.Newest([Backup("db1", "main", Day, "x.zip", verified: false)]));
    }

    private static StoredBackup Backup(string client, string instance, DateTimeOffset at, string path, bool verified = true, bool inProgress = false, BackupType type = BackupType.Cold) =>
        new(new InstanceKey(client, instance), at, 100, verified, path, inProgress, type);
}
