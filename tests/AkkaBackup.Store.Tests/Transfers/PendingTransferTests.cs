using AkkaBackup.Store.Tests.Support;
using AkkaBackup.Store.Transfers;

namespace AkkaBackup.Store.Tests.Transfers;

public sealed class PendingTransferTests
{
    private static readonly PendingTransfer Transfer = new(
        "run-1", "db1", "transfer-7f3a", "backup01", "/var/lib/akkabackup/staging/run-1/Data.zip",
        new string('c', 64), 123_456_789_012, new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero), 0, null);

    [Fact]
    public async Task A_pending_transfer_survives_a_reopen_with_its_resume_token()
    {
        await using var temp = TempStore.Create();
        await (await temp.OpenStoreAsync()).PendingTransfers.SaveAsync(Transfer);

        var reopened = await temp.OpenStoreAsync();

        Assert.Equal([Transfer], await reopened.PendingTransfers.ListAsync());
    }

    [Fact]
    public async Task Attempts_are_counted_with_the_last_error_and_the_transfer_is_removed_when_done()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        await store.PendingTransfers.SaveAsync(Transfer);

        Assert.True(await store.PendingTransfers.RecordAttemptAsync("run-1", "receiver unreachable"));
        Assert.True(await store.PendingTransfers.RecordAttemptAsync("run-1", "receiver unreachable again"));
        Assert.False(await store.PendingTransfers.RecordAttemptAsync("no-such-run", null));

        Assert.Equal(Transfer with { Attempts = 2, LastError = "receiver unreachable again" }, await store.PendingTransfers.GetAsync("run-1"));
        Assert.True(await store.PendingTransfers.RemoveAsync("run-1"));
        Assert.Null(await store.PendingTransfers.GetAsync("run-1"));
        Assert.False(await store.PendingTransfers.RemoveAsync("run-1"));
    }

    [Fact]
    public async Task Saving_a_new_token_for_the_same_run_keeps_its_creation_time_attempts_and_last_error()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        await store.PendingTransfers.SaveAsync(Transfer);
        await store.PendingTransfers.RecordAttemptAsync("run-1", "receiver unreachable");

        var reopened = Transfer with
        {
            TransferId = "transfer-9b1c", Receiver = "backup02", CreatedAt = Transfer.CreatedAt.AddDays(1), Attempts = 0, LastError = null,
        };
        await store.PendingTransfers.SaveAsync(reopened);

        Assert.Equal(
            reopened with { CreatedAt = Transfer.CreatedAt, Attempts = 1, LastError = "receiver unreachable" },
            await store.PendingTransfers.GetAsync("run-1"));
        Assert.Single(await store.PendingTransfers.ListAsync());
    }
}
