using Akka.Event;
using AkkaBackup.Client.Transfer;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Client.Tests.Transfer;

/// <summary>How a run words the receiver's answer to its abort; only a real answer about this transfer settles it.</summary>
public sealed class TransferAbortTests
{
    private const string Id = "20261205180808-32b556bbd0fb84a6";

    [Fact]
    public void TransferAborted_for_this_transfer_settles_it()
    {
        var outcome = TransferAbort.Outcome(Id, new TransferAborted(Id));

        Assert.True(outcome.Settled);
        Assert.Equal(LogLevel.InfoLevel, outcome.Level);
        Assert.Equal($"the receiver removed its partial transfer {Id}", outcome.Message);
    }

    [Fact]
    public void Unknown_or_already_closing_settles_it_and_says_why()
    {
        var unknown = TransferAbort.Outcome(Id, new TransferUnknown(Id, "expired"));
        var closing = TransferAbort.Outcome(Id, new TransferFailed(Id, "transfer is closed"));

        Assert.True(unknown.Settled && closing.Settled);
        Assert.Contains("holds nothing to remove", unknown.Message);
        Assert.Contains("expired", unknown.Message);
        Assert.Contains("transfer is closed", closing.Message);
    }

    [Fact]
    public void An_answer_about_another_transfer_or_of_another_kind_is_a_warning_naming_it()
    {
        var other = TransferAbort.Outcome(Id, new TransferAborted("20261205180808-0000000000000000"));
        var odd = TransferAbort.Outcome(Id, new TransferResumed(Id, 1, 65536, [], 0));

        Assert.False(other.Settled);
        Assert.False(odd.Settled);
        Assert.Equal(LogLevel.WarningLevel, odd.Level);
        Assert.Contains("unexpected TransferResumed", odd.Message);
        Assert.Contains("partial-expiry", other.Message);
    }
}
