using AkkaBackup.Client.Transfer;
using AkkaBackup.Client.Transfer.Sending;
using static AkkaBackup.Client.Tests.Transfer.SenderScript;
using static AkkaBackup.Client.Transfer.ChunkSenderMessages;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;
using In = AkkaBackup.Client.Transfer.Sending.SenderInputs;

namespace AkkaBackup.Client.Tests.Transfer;

/// <summary>
/// The sender's promises as properties of the pure machine: from every phase, whatever can arrive there (an answer,
/// a failure, a late or stray message), the sender never waits for nothing, uses or closes every connection, backs
/// off within its cap, honours the retry deadline, gives up after three failed verifications or a permanent error,
/// and tells its parent exactly once how it ended (checked in <see cref="SenderWorldChecks"/> on every decision).
/// </summary>
public sealed class SenderMachineInvariantTests
{
    /// <summary>Ways to walk a sender to a phase, the receiver answering on the way.</summary>
    public static TheoryData<string> Phases() =>
    [
        "sending", "sealed", "disconnected", "resuming", "connecting", "reopening", "waiting for the finish", "verifying",
        "verifying again", "kept archive", "watchdog fired",
    ];

    /// <summary>Inputs that can arrive late or astray in any phase: answers to earlier requests, about other transfers, old timers.</summary>
    public static IReadOnlyList<(string Name, SenderInput Input)> Stray =>
    [
        ("stray connection", new In.ConnectionOpened()),
        ("late retry timer", new In.RetryDue()),
        ("late probe timer", new In.ProbeDue()),
        ("late session end", new In.SessionEnded(new TransferException("connection reset"))),
        ("resumed, other transfer", new In.ResumeAnswered(Resumed("someone-else"))),
        ("verifying, other transfer", new In.ResumeAnswered(new TransferVerifying("someone-else"))),
        ("late resume failure", new In.ResumeFailed(new TimeoutException("no answer"))),
        ("late failure", new In.Failed(new TransferException("connection refused"))),
        ("late fresh refusal", new In.FreshTransferAnswered(new TransferRefused("store full"), "expired")),
        ("earlier round stored", new In.CompletionAnswered(-1, Completed)),
        ("earlier round failed", new In.CompletionFailed(-1, new TimeoutException("verify-timeout"))),
        ("earlier probe", new In.ProbeAnswered(-1, new TransferUnknown(TransferId, "restarted"))),
    ];

    [Theory]
    [MemberData(nameof(Phases))]
    public void Whatever_arrives_in_a_phase_the_sender_goes_on_and_ends_with_one_report_to_its_parent(string phase)
    {
        var reached = 0;
        for (var seed = 0; seed < 20; seed++)
        {
            var probe = WalkTo(phase, seed);
            var moves = probe.Possible(hostile: false).Concat(probe.Possible(hostile: true)).Select(m => m.Name).Distinct().ToList();
            foreach (var name in moves)
            {
                var world = WalkTo(phase, seed);
                world.Possible(hostile: false).Concat(world.Possible(hostile: true)).First(m => m.Name == name).Act();
                world.RunToEnd(friendlySteps: seed * 10);
                reached++;
            }

            foreach (var (name, input) in Stray)
            {
                var world = WalkTo(phase, seed);
                world.Feed(name, input, TimeSpan.FromMilliseconds(100));
                world.RunToEnd(friendlySteps: seed * 10);
                reached++;
            }
        }

        Assert.True(reached > 20 * Stray.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Random_interleavings_of_answers_failures_and_timers_keep_every_promise(bool kept)
    {
        var outcomes = new Dictionary<Type, int> { [typeof(TransferStored)] = 0, [typeof(TransferBroken)] = 0 };
        for (var seed = 0; seed < 2000; seed++)
        {
            var world = new SenderWorld(new Random(seed), kept);
            world.RunToEnd(friendlySteps: seed % 300);
            outcomes[world.Reports.Single(r => r is TransferStored or TransferBroken).GetType()]++;
        }

        // The walk reaches both ends: stored archives and broken transfers.
        Assert.True(outcomes[typeof(TransferStored)] > 0, "no random transfer was stored");
        Assert.True(outcomes[typeof(TransferBroken)] > 0, "no random transfer broke");
    }

    [Fact]
    public void A_receiver_that_stops_answering_costs_the_transfer_once_the_retry_deadline_passed_without_progress()
    {
        for (var seed = 0; seed < 500; seed++)
        {
            var world = new SenderWorld(new Random(seed));
            world.RunToEnd(friendlySteps: 0);
            var broken = Assert.IsType<TransferBroken>(world.Reports.Single(r => r is TransferStored or TransferBroken));
            Assert.StartsWith("no progress for", broken.Reason);
        }
    }

    private static SenderWorld WalkTo(string phase, int seed)
    {
        var w = new SenderWorld(new Random(seed), kept: phase == "kept archive");
        var sealedSteps = new[] { "ChunkSealed", "ChunkSealed", "ChunkSealed", "ArchiveSealed" };
        string[] steps = phase switch
        {
            "sending" => ["ChunkSealed"],
            "sealed" => sealedSteps,
            "disconnected" => [.. sealedSteps, "SessionBroke"],
            "resuming" => [.. sealedSteps, "SessionBroke", "RetryDue"],
            "connecting" => [.. sealedSteps, "SessionBroke", "RetryDue", "Resumed"],
            "reopening" => [.. sealedSteps, "SessionBroke", "RetryDue", "ResumeUnknown"],
            "waiting for the finish" => [.. sealedSteps, "Ack", "Ack", "Ack", "SessionDone"],
            "verifying" => [.. sealedSteps, "Ack", "Ack", "Ack", "SessionDone", "Finish"],
            "verifying again" => [.. sealedSteps, "Ack", "Ack", "Ack", "SessionDone", "Finish", "ProbeDue", "ProbeRestarted", "RetryDue", "Resumed", "Opened", "SessionDone"],
            "kept archive" => [],
            "watchdog fired" => [.. sealedSteps, .. Enumerable.Repeat("Tick", 21)],
            _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
        };

        foreach (var name in steps)
        {
            var move = w.Possible(hostile: false).FirstOrDefault(m => m.Name == name);
            Assert.True(move is not null, $"{name} cannot happen now: {w.Trace}");
            move.Act();
        }

        return w;
    }
}
