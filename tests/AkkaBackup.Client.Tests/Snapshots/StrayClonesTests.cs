using AkkaBackup.Client.Snapshots;

namespace AkkaBackup.Client.Tests.Snapshots;

public sealed class StrayClonesTests
{
    private static readonly DateTime NodeStarted = new(2026, 12, 5, 10, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("/var/lib/.akkabackup-clone-20261205095959-0badc0de", false)]
    [InlineData("/var/lib/.akkabackup-clone-20261205100000-0badc0de", true)]
    [InlineData("/var/lib/.akkabackup-clone-20261205100001-0badc0de", true)]
    [InlineData("/var/lib/.akkabackup-clone-not-a-run-id", false)]
    [InlineData("/var/lib/.akkabackup-clone-2026", false)]
    public void Only_clones_of_runs_started_before_the_node_are_strays(string path, bool startedAfter)
    {
        Assert.Equal(startedAfter, StrayClones.StartedAfter(path, NodeStarted));
    }
}
