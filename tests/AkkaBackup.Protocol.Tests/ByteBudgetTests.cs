using AkkaBackup.Protocol.DataPlane;

namespace AkkaBackup.Protocol.Tests;

/// <summary>The bytes data-plane sessions may hold together: first come, first served, never more than the capacity.</summary>
public sealed class ByteBudgetTests
{
    [Fact]
    public async Task A_reader_waits_until_its_bytes_are_free_and_readers_are_served_in_order()
    {
        var budget = new ByteBudget(100);
        await budget.AcquireAsync(80, CancellationToken.None);

        var first = budget.AcquireAsync(50, CancellationToken.None).AsTask();
        var second = budget.AcquireAsync(10, CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted, "a small request does not overtake a waiting larger one");

        budget.Release(80);
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(5));
        budget.Release(60);
        await budget.AcquireAsync(100, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_cancelled_wait_gives_its_place_to_the_next_reader()
    {
        var budget = new ByteBudget(100);
        await budget.AcquireAsync(100, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var cancelled = budget.AcquireAsync(90, cancel.Token).AsTask();
        var next = budget.AcquireAsync(20, CancellationToken.None).AsTask();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        budget.Release(30);

        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task More_than_the_capacity_is_never_asked_for()
    {
        var budget = new ByteBudget(100);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => budget.AcquireAsync(101, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task A_clients_share_is_taken_from_the_whole_and_one_client_cannot_hold_all_of_it()
    {
        var all = new ByteBudget(100);
        var greedy = new ByteBudget(60, all);
        var other = new ByteBudget(60, all);
        await greedy.AcquireAsync(60, CancellationToken.None);

        var more = greedy.AcquireAsync(10, CancellationToken.None).AsTask();
        await other.AcquireAsync(40, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(100);
        Assert.False(more.IsCompleted);

        other.Release(40);
        greedy.Release(60);
        await more.WaitAsync(TimeSpan.FromSeconds(5));
        await other.AcquireAsync(60, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
    }
}
