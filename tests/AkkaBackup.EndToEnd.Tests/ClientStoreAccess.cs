using AkkaBackup.Client.Snapshots;
using AkkaBackup.Client.Store;
using AkkaBackup.Core.Security;
using AkkaBackup.Store;
using AkkaBackup.Store.RunLog;
using AkkaBackup.Store.Transfers;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>The client node's configuration store, opened from the test process as an operator's console would see it.</summary>
public static class ClientStoreAccess
{
    public static string PathOf(BackupEnvironment env) => Path.Combine(env.Staging, "node-store.db");

    public static Task<NodeStore> OpenAsync(BackupEnvironment env)
    {
        var identity = new TlsIdentity(
            CertificateAuthority.LoadPfx(Path.Combine(env.Certs, "client-1.pfx"), BackupEnvironment.Password),
            CertificateAuthority.LoadCaCertificate(Path.Combine(env.Certs, "ca.crt")));
        return NodeStore.OpenAsync(PathOf(env), new MySqlInstanceProbe(SnapshotTools.Default), new ReceiverProbe(identity));
    }

    /// <summary>Lets a one-shot command create the store and import the HOCON file's instance and target into it.</summary>
    public static async Task ImportAsync(BackupEnvironment env, string clientConfig)
    {
        var (code, run) = await NodeProcess.RunAsync(env.Root, TimeSpan.FromMinutes(2), "pending", "list", "--config", clientConfig);
        Assert.True(code == 0, run.Output);
    }

    /// <summary>Waits until the run log holds <paramref name="count"/> finished runs; returns them, oldest first.</summary>
    public static async Task<IReadOnlyList<RunRecord>> WaitForFinishedRunsAsync(NodeStore store, int count, TimeSpan timeout, BackupEnvironment env)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var runs = (await store.RunLog.SearchAsync(new RunLogQuery(Limit: 100))).Where(r => r.Status != RunStatus.Running).OrderBy(r => r.StartedAt).ToList();
            if (runs.Count >= count)
            {
                return runs;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"the run log did not reach {count} finished run(s) within {timeout}:\n{env.Logs()}");
    }

    /// <summary>
    /// Waits until the pending transfer row of <paramref name="runId"/> satisfies <paramref name="condition"/>
    /// (a running node writes it just after the run reported); returns the row, null when there is none.
    /// </summary>
    public static async Task<PendingTransfer?> WaitForPendingTransferAsync(NodeStore store, string runId, Func<PendingTransfer?, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var row = await store.PendingTransfers.GetAsync(runId);
            if (condition(row))
            {
                return row;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the pending transfer row of run {runId} did not reach the expected state within 30 s; it is: {row?.ToString() ?? "(none)"}");
            }

            await Task.Delay(100);
        }
    }
}
