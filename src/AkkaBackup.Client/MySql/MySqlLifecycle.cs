using System.Diagnostics;
using AkkaBackup.Client.Configuration;

namespace AkkaBackup.Client.MySql;

/// <summary>Stops, starts and probes one instance; every step has a timeout and every outcome is proven.</summary>
public sealed class MySqlLifecycle(InstanceSettings instance, IServiceController controller)
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);

    public InstanceSettings Instance => instance;

    public string ManualStartCommand => controller.ManualStartCommand;

    /// <summary>Issues the stop and proves the server is down. Throws <see cref="ServiceControlException"/> otherwise.</summary>
    public async Task StopAsync(ServerFacts facts, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await controller.StopAsync(instance.StopTimeout, ct);
        var left = instance.StopTimeout - clock.Elapsed;
        await ServerDownProof.WaitUntilDownAsync(instance.Host, facts, left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), ct);
    }

    /// <summary>Issues the start and waits until <c>SELECT 1</c> answers. Throws <see cref="ServiceControlException"/> otherwise.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await controller.StartAsync(instance.StartTimeout, ct);
        while (!await MySqlProbe.AnswersAsync(instance, ct))
        {
            if (clock.Elapsed > instance.StartTimeout)
            {
                throw new ServiceControlException($"the start command succeeded but the server does not answer SELECT 1 on {instance.Host}:{instance.Port} after {instance.StartTimeout.TotalSeconds:0} s");
            }

            await Task.Delay(ProbeInterval, ct);
        }
    }

    /// <summary>Starts the server unless it already answers. Used on every failure path after a stop was issued.</summary>
    public async Task<bool> EnsureRunningAsync(CancellationToken ct)
    {
        if (await MySqlProbe.AnswersAsync(instance, ct))
        {
            return false;
        }

        await StartAsync(ct);
        return true;
    }

    /// <summary>Exactly what an operator must do when we could not bring the server back.</summary>
    public string ManualRecoveryInstructions(string? keptArchive) =>
        $"The database server '{instance.Name}' ({instance.Host}:{instance.Port}) is NOT running. Start it by hand:\n" +
        $"    {controller.ManualStartCommand}\n" +
        $"then check that it answers:\n" +
        $"    mariadb --host={instance.Host} --port={instance.Port} --user={instance.User} -p -e 'SELECT 1'\n" +
        $"If it does not start, read its error log (data directory {instance.DataDirectory})." +
        (keptArchive is null ? "" : $"\nA complete backup is kept at {keptArchive}; restore it with: akkabackup restore {keptArchive} --datadir <empty directory>");
}
