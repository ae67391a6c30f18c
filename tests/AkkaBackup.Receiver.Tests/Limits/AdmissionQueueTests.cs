using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Limits;

namespace AkkaBackup.Receiver.Tests.Limits;

public sealed class AdmissionQueueTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

    private static AdmissionQueue Queue(int global, int perClient) =>
        new(ReceiverLimits.Default with { MaxConcurrentTransfers = global, MaxTransfersPerClient = perClient, AdmissionLease = TimeSpan.FromSeconds(30) });

    [Fact]
    public void Clients_over_the_global_cap_wait_and_are_admitted_in_arrival_order()
    {
        var queue = Queue(global: 2, perClient: 2);
        Admit(queue, "a", "t-a");
        Admit(queue, "b", "t-b");

        var c = queue.Request("run-c", "c", T0);
        var d = queue.Request("run-d", "d", T0);
        Assert.Equal((false, 1), (c.IsAdmitted, c.Position));
        Assert.Equal((false, 2), (d.IsAdmitted, d.Position));
        Assert.Contains("2 of max-concurrent-transfers = 2", c.Reason);

        queue.Release("t-a");

        // d asks first, but c is ahead of it: the free slot is c's.
        Assert.False(queue.Request("run-d", "d", T0.AddSeconds(1)).IsAdmitted);
        Assert.True(queue.Request("run-c", "c", T0.AddSeconds(1)).IsAdmitted);
        queue.Hold("t-c", "c", T0.AddSeconds(1));
        Assert.Equal(1, queue.Request("run-d", "d", T0.AddSeconds(2)).Position);

        queue.Release("t-b");
        Assert.True(queue.Request("run-d", "d", T0.AddSeconds(3)).IsAdmitted);
        Assert.Empty(queue.Waiting);
    }

    [Fact]
    public void A_client_at_its_own_cap_waits_without_holding_back_the_clients_behind_it()
    {
        var queue = Queue(global: 4, perClient: 1);
        Admit(queue, "a", "t-a1");

        var a2 = queue.Request("run-a2", "a", T0);
        Assert.False(a2.IsAdmitted);
        Assert.Contains("client a already has 1 of max-transfers-per-client = 1", a2.Reason);
        Assert.True(queue.Request("run-b", "b", T0).IsAdmitted);

        queue.Release("t-a1");
        Assert.True(queue.Request("run-a2", "a", T0.AddSeconds(1)).IsAdmitted);
    }

    [Fact]
    public void A_waiter_that_stops_asking_loses_its_place_after_the_lease()
    {
        var queue = Queue(global: 1, perClient: 1);
        Admit(queue, "a", "t-a");
        queue.ConnectionOpened("t-a", T0);
        queue.Request("run-b", "b", T0);
        queue.Request("run-c", "c", T0.AddSeconds(20));

        var expired = queue.Expire(T0.AddSeconds(31));

        Assert.Equal([("b", "run-b")], expired.Waiters);
        Assert.Empty(expired.Slots);
        Assert.Equal(1, queue.Request("run-c", "c", T0.AddSeconds(32)).Position);
    }

    [Fact]
    public void A_slot_is_kept_while_a_connection_is_open_and_given_back_after_the_lease_without_one()
    {
        var queue = Queue(global: 1, perClient: 1);
        Admit(queue, "a", "t-a");
        queue.ConnectionOpened("t-a", T0);

        Assert.Empty(queue.Expire(T0.AddHours(1)).Slots);
        Assert.False(queue.Request("run-b", "b", T0.AddHours(1)).IsAdmitted);

        queue.ConnectionClosed("t-a", T0.AddHours(1));
        Assert.Empty(queue.Expire(T0.AddHours(1).AddSeconds(29)).Slots);
        Assert.Equal([("a", "t-a")], queue.Expire(T0.AddHours(1).AddSeconds(31)).Slots);
        Assert.True(queue.Request("run-b", "b", T0.AddHours(1).AddSeconds(31)).IsAdmitted);
    }

    [Fact]
    public void A_resumed_transfer_takes_its_slot_back_even_over_the_cap()
    {
        var queue = Queue(global: 1, perClient: 1);
        Admit(queue, "b", "t-b");

        queue.Hold("t-a", "a", T0);

        Assert.Equal(2, queue.ActiveTransfers);
        Assert.False(queue.Request("run-c", "c", T0).IsAdmitted);
        queue.Release("t-a");
        queue.Release("t-b");
        Assert.True(queue.Request("run-c", "c", T0).IsAdmitted);
    }

    [Fact]
    public void A_ticket_is_bound_to_the_client_that_queued_it()
    {
        var queue = Queue(global: 1, perClient: 1);
        Admit(queue, "a", "t-a");
        queue.Request("run-b", "b", T0);

        var impostor = queue.Request("run-b", "c", T0);

        Assert.Equal(2, impostor.Position);
        Assert.Equal([("b", "run-b"), ("c", "run-b")], queue.Waiting);
    }

    private static void Admit(AdmissionQueue queue, string client, string transferId)
    {
        Assert.True(queue.Request("run-" + transferId, client, T0).IsAdmitted);
        queue.Hold(transferId, client, T0);
    }
}
