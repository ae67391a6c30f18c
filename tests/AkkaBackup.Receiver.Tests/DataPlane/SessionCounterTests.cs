using AkkaBackup.Receiver.DataPlane;

namespace AkkaBackup.Receiver.Tests.DataPlane;

public sealed class SessionCounterTests
{
    [Fact]
    public void Connections_are_capped_in_all_and_per_client_and_counted_down_when_they_end()
    {
        var sessions = new SessionCounter(maxSessions: 3, maxPerClient: 2);

        Assert.True(sessions.TryAccept() && sessions.TryAccept() && sessions.TryAccept());
        Assert.False(sessions.TryAccept());
        Assert.True(sessions.Admit("client-1"));
        Assert.True(sessions.Admit("client-1"));
        Assert.False(sessions.Admit("client-1"));
        Assert.True(sessions.Admit("client-2"));

        sessions.Ended("client-1");
        Assert.True(sessions.TryAccept());
        Assert.True(sessions.Admit("client-1"));
        sessions.Ended(null);
        Assert.True(sessions.TryAccept());
    }
}
