using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Runs;
using AkkaBackup.Client.Runs.Machine;

namespace AkkaBackup.Client.Tests.Runs;

/// <summary>
/// The invariants of DESIGN.md as properties of the pure run state machine: from every phase, whatever can
/// arrive there (an outcome, a failure, a cancel, a crash of the node and recovery from the journal), the run
/// ends with its server started again or with manual steps for a person, never archives before the server is
/// proven down, and never stops a server after a cancel or before pre-flight passed (checked in
/// <see cref="RunWorld"/> on every decision).
/// </summary>
public sealed class RunMachineInvariantTests
{
    /// <summary>Ways to walk a run to a phase, with everything succeeding on the way.</summary>
    public static TheoryData<string> Phases() =>
    [
        "preflight", "waiting for a slot", "stopping", "archiving", "transferring", "all acknowledged", "verifying",
        "resumed before the seal", "resumed after the seal", "resumed and loaded", "cancelled in preflight", "cancelled while stopping",
    ];

    [Theory]
    [MemberData(nameof(Phases))]
    public void Whatever_arrives_in_a_phase_the_run_ends_with_its_server_answering_or_manual_steps(string phase)
    {
        var reached = 0;
        for (var seed = 0; seed < 40; seed++)
        {
            var probe = WalkTo(phase);
            var options = probe.Possible().Count;
            for (var choice = 0; choice < options; choice++)
            {
                var world = WalkTo(phase);
                world.Possible()[choice].Act();
                world.RunToEnd(new Random(seed * 1000 + choice));
                reached++;
            }
        }

        Assert.True(reached > 40);
    }

    [Theory]
    [InlineData(RestartAfter.Transfer)]
    [InlineData(RestartAfter.Archive)]
    public void Random_interleavings_of_outcomes_cancels_and_crashes_keep_every_invariant(RestartAfter restartAfter)
    {
        var outcomes = new Dictionary<bool, int> { [true] = 0, [false] = 0 };
        for (var seed = 0; seed < 3000; seed++)
        {
            var world = new RunWorld(restartAfter);
            world.RunToEnd(new Random(seed));
            outcomes[world.State.Succeeded]++;
        }

        // The walk reaches both ends: stored backups and failed runs.
        Assert.True(outcomes[true] > 0, "no random run succeeded");
        Assert.True(outcomes[false] > 0, "no random run failed");
    }

    [Fact]
    public void With_no_crash_and_no_cancel_every_path_concludes_and_successes_store_a_backup()
    {
        for (var seed = 0; seed < 2000; seed++)
        {
            var world = new RunWorld();
            world.RunToEnd(new Random(seed), allowCrash: false, allowCancel: false);
            Assert.Equal(world.State.Succeeded, world.State.Stored is not null && world.State.Failure is null);
        }
    }

    private static RunWorld WalkTo(string phase)
    {
        var w = new RunWorld();
        Step(w, "Recovered");
        switch (phase)
        {
            case "preflight":
                break;
            case "waiting for a slot":
                Step(w, "Waiting");
                break;
            case "cancelled in preflight":
                Step(w, "Cancel");
                break;
            case "stopping":
                Step(w, "Preflighted");
                break;
            case "cancelled while stopping":
                Step(w, "Preflighted", "Cancel");
                break;
            case "archiving":
                Step(w, "Preflighted", "ServerStopped");
                break;
            case "transferring":
                Step(w, "Preflighted", "ServerStopped", "ArchiveSealed");
                break;
            case "all acknowledged":
                Step(w, "Preflighted", "ServerStopped", "ArchiveSealed", "AllChunksAcknowledged");
                break;
            case "verifying":
                Step(w, "Preflighted", "ServerStopped", "ArchiveSealed", "AllChunksAcknowledged", "ServerStarted");
                break;
            case "resumed before the seal":
                Step(w, "Preflighted", "ServerStopped");
                w.Crash();
                break;
            case "resumed after the seal":
                Step(w, "Preflighted", "ServerStopped", "ArchiveSealed");
                w.Crash();
                break;
            case "resumed and loaded":
                Step(w, "Preflighted", "ServerStopped", "ArchiveSealed");
                w.Crash();
                Step(w, "KeptArchiveLoaded");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(phase), phase, null);
        }

        Assert.Equal(phase.StartsWith("resumed", StringComparison.Ordinal) ? 1 : 0, w.Crashes);
        return w;
    }

    /// <summary>Feeds the named inputs, each one of those <see cref="RunWorld.Possible"/> offers now.</summary>
    private static void Step(RunWorld w, params string[] inputs)
    {
        foreach (var name in inputs)
        {
            var move = w.Possible(allowCrash: false).FirstOrDefault(m => m.Name == name);
            Assert.True(move is not null, $"{name} cannot happen now: {w.Trace}");
            move.Act();
        }
    }
}
