using System.Net;
using AkkaBackup.Core.Net;

namespace AkkaBackup.Core.Tests.Net;

public sealed class ConnectionLimitsTests
{
    private static readonly IPAddress A = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress B = IPAddress.Parse("10.0.0.2");

    [Fact]
    public void One_address_cannot_hold_every_handshake_and_slots_come_back_when_connections_end()
    {
        var limits = new ConnectionLimits(maxConnections: 10, maxPending: 4, maxPendingPerAddress: 2, maxPerPeer: 5);

        var a1 = limits.TryOpen(A);
        var a2 = limits.TryOpen(A);
        Assert.NotNull(a1);
        Assert.NotNull(a2);
        Assert.Null(limits.TryOpen(A));
        Assert.NotNull(limits.TryOpen(B));

        // Authenticated, a connection no longer counts as a handshake from its address.
        Assert.True(a1!.Authenticated("client-1"));
        Assert.NotNull(limits.TryOpen(A));
        a2!.Dispose();
        a2.Dispose();
        Assert.NotNull(limits.TryOpen(A));
    }

    [Fact]
    public void Connections_are_capped_in_all_pending_and_per_peer()
    {
        var limits = new ConnectionLimits(maxConnections: 3, maxPending: 3, maxPendingPerAddress: 3, maxPerPeer: 1);
        var first = limits.TryOpen(A)!;
        var second = limits.TryOpen(B)!;
        var third = limits.TryOpen(B)!;

        Assert.Null(limits.TryOpen(IPAddress.Loopback));
        Assert.True(first.Authenticated("client-1"));
        Assert.False(second.Authenticated("client-1"));
        Assert.True(third.Authenticated("client-2"));

        first.Dispose();
        Assert.True(second.Authenticated("client-1"));
        Assert.NotNull(limits.TryOpen(A));
    }
}
