using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Runs;
using AkkaBackup.Client.Runs.Machine;
using AkkaBackup.Core.Naming;

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
    public static TheoryData<BackupType, string> Phases()
    {
        var data = new TheoryData<BackupType, string>();
        foreach (var phase in new[]
        {
            "preflight", "waiting for a slot", "stopping", "archiving", "transferring", "all acknowledged", "verifying",
            "resumed before the seal", "resumed after the seal", "resumed and loaded", "cancelled in preflight", "cancelled while stopping",
        })
        {
            data.Add(BackupType.Cold, phase);
        }

        foreach (var phase in new[]
        {
            "stopping", "cloning", "cloned, starting", "archiving the clone", "transferring the clone", "cancelled while cloning",
            "resumed while cloning", "resumed while starting after the clone", "resumed after the clone's seal",
        })
        {
            data.Add(BackupType.Snapshot, phase);
        }

        foreach (var phase in new[] { "streaming", "hot transferring", "hot all acknowledged", "hot resumed before the seal", "hot resumed after the seal" })
        {
            data.Add(BackupType.Hot, phase);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Phases))]
    public void Whatever_arrives_in_a_phase_the_run_ends_with_its_server_answering_or_manual_steps(BackupType type, string phase)
    {
        var reached = 0;
        for (var seed = 0; seed < 40; seed++)
        {
            var probe = WalkTo(type, phase);
            var options = probe.Possible().Count;
            for (var choice = 0; choice < options; choice++)
            {
                var world = WalkTo(type, phase);
                world.Possible()[choice].Act();
                world.RunToEnd(new Random(seed * 1000 + choice));
                reached++;
            }
        }

        Assert.True(reached >= 40);
    }

    [Theory]
    [InlineData(RestartAfter.Transfer, BackupType.Cold)]
    [InlineData(RestartAfter.Archive, BackupType.Cold)]
    [InlineData(RestartAfter.Copy, BackupType.Cold)]
    [InlineData(RestartAfter.Transfer, BackupType.Snapshot)]
    [InlineData(RestartAfter.Copy, BackupType.Snapshot)]
    [InlineData(RestartAfter.Archive, BackupType.Snapshot)]
    [InlineData(RestartAfter.Transfer, BackupType.Hot)]
    public void Random_interleavings_of_outcomes_cancels_and_crashes_keep_every_invariant(RestartAfter restartAfter, BackupType type)
    {
        var outcomes = new Dictionary<bool, int> { [true] = 0, [false] = 0 };
        // About one random walk in 2,500 gets all the way to a stored backup (most draw a failure or a cancel first).
        for (var seed = 0; seed < 20000; seed++)
        {
            var world = new RunWorld(restartAfter, type);
            world.RunToEnd(new Random(seed));
            outcomes[world.State.Succeeded]++;
        }

        // The walk reaches both ends: stored backups and failed runs.
        Assert.True(outcomes[true] > 0, "no random run succeeded");
        Assert.True(outcomes[false] > 0, "no random run failed");
    }

    [Theory]
    [InlineData(BackupType.Cold)]
    [InlineData(BackupType.Snapshot)]
    [InlineData(BackupType.Hot)]
    public void With_no_crash_and_no_cancel_every_path_concludes_and_successes_store_a_backup(BackupType type)
    {
        for (var seed = 0; seed < 2000; seed++)
        {
            var world = new RunWorld(type: type);
            world.RunToEnd(new Random(seed), allowCrash: false, allowCancel: false);
            Assert.Equal(world.State.Succeeded, world.State.Stored is not null && world.State.Failure is null);
        }
    }

    private static RunWorld WalkTo(BackupType type, string phase)
    {
        var w = new RunWorld(type: type);
        Step(w, "Recovered");
        switch (phase)
        {
            case "cloning":
                Step(w, "Preflighted", "ServerStopped");
                break;
            case "cloned, starting":
                Step(w, "Preflighted", "ServerStopped", "Cloned");
                break;
            case "archiving the clone":
                Step(w, "Preflighted", "ServerStopped", "Cloned", "ServerStarted");
                break;
            case "transferring the clone":
                Step(w, "Preflighted", "ServerStopped", "Cloned", "ServerStarted", "ArchiveSealed");
                break;
            case "cancelled while cloning":
                Step(w, "Preflighted", "ServerStopped", "Cancel");
                break;
            case "resumed while cloning":
                Step(w, "Preflighted", "ServerStopped");
                w.Crash();
                break;
            case "resumed while starting after the clone":
                Step(w, "Preflighted", "ServerStopped", "Cloned");
                w.Crash();
                break;
            case "resumed after the clone's seal":
                Step(w, "Preflighted", "ServerStopped", "Cloned", "ServerStarted", "ArchiveSealed");
                w.Crash();
                break;
            case "streaming":
                Step(w, "Preflighted");
                break;
            case "hot transferring":
                Step(w, "Preflighted", "ArchiveSealed");
                break;
            case "hot all acknowledged":
                Step(w, "Preflighted", "ArchiveSealed", "AllChunksAcknowledged");
                break;
            case "hot resumed before the seal":
                Step(w, "Preflighted");
                w.Crash();
                break;
            case "hot resumed after the seal":
                Step(w, "Preflighted", "ArchiveSealed");
                w.Crash();
                break;
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

        Assert.Equal(phase.Contains("resumed", StringComparison.Ordinal) ? 1 : 0, w.Crashes);
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
