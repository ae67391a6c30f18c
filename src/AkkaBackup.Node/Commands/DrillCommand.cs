using System.CommandLine;
using System.Runtime.InteropServices;
using AkkaBackup.Core.Alerts.Delivery;
using AkkaBackup.Core.Cli;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Node.Alerts;
using AkkaBackup.Node.Hosting;
using AkkaBackup.Node.Output;
using AkkaBackup.Receiver.Catalog;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Drills;
using AkkaBackup.Store;
using AkkaBackup.Store.Catalog;
using Microsoft.Data.Sqlite;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace AkkaBackup.Node.Commands;

/// <summary>
/// <c>akkabackup drill &lt;archive&gt; [--config receiver.hocon] [--scratch DIR] [--json]</c>: proves a stored backup
/// restorable (see <see cref="RestoreDrill"/>), writes <c>&lt;archive&gt;.drill.json</c> and, with a receiver's
/// configuration, records the outcome in its fleet catalog and alerts its channels when the drill fails. Ctrl-C or SIGTERM stop it, the scratch copy removed.
/// </summary>
public static class DrillCommand
{
    public const int Passed = 0;
    public const int Failed = 1;
    public const int Refused = 4;
    public const int Cancelled = 130;

    public static Command Create()
    {
        var archive = new Argument<string>("archive")
        {
            HelpName = "archive",
            Description = "The stored archive: a .zip (cold or snapshot) or .xbstream.gz (hot), its .manifest.json beside it.",
        };
        var config = CliOptions.Value("--config", "receiver.hocon",
            "The receiver's configuration: its drills settings (scratch directory, timeouts), its fleet catalog (which records the drill) and its alert channels, which a failed drill alerts.");
        var scratch = CliOptions.Value("--scratch", "dir",
            "Where to restore the scratch copy (default: the receiver's drills.scratch-directory with --config, else the system's temporary directory).");
        var manifest = CliOptions.Value("--manifest", "file", "The manifest to verify against (default: <archive>.manifest.json beside the archive).");
        var json = CliOptions.Json();
        var command = new Command("drill", """
            Restore a stored backup into a scratch directory, start a private mariadbd on it (no networking), run CHECK TABLE
            and CHECKSUM TABLE over every table, write <archive>.drill.json and remove the scratch copy. With --config, the
            outcome is also recorded in the receiver's fleet catalog (abk <receiver> log list --event drill).
            Exit 0 = passed, 1 = failed (the backup is not restorable as it is), 2 = bad input,
            4 = refused by pre-flight (scratch space, server binaries; nothing restored), 130 = cancelled.
            """) { archive, config, scratch, manifest, json };
        command.SetAction(result => RunAsync(
            result.GetRequiredValue(archive), result.GetValue(config), result.GetValue(scratch), result.GetValue(manifest), result.GetValue(json)));
        return command;
    }

    private static async Task<int> RunAsync(string archivePath, string? configPath, string? scratchOption, string? manifestOption, bool json)
    {
        var archive = Path.GetFullPath(archivePath);
        if (!File.Exists(archive))
        {
            throw new UsageException($"drill: archive '{archive}' not found");
        }

        if (manifestOption is not null && !File.Exists(manifestOption))
        {
            throw new UsageException($"drill: --manifest '{manifestOption}' not found");
        }

        var node = configPath is null ? null : ReceiverNode.Load(configPath);
        var settings = node?.Drills ?? DrillSettingsReader.Read(ReferenceConfiguration.Config, TimeZoneInfo.Utc, Path.GetTempPath());
        var scratch = scratchOption ?? (node is null ? Path.GetTempPath() : null);
        var request = DrillRequest.Of(archive, settings, manifestOption, scratch);

        // Progress goes to stdout, or to stderr when stdout carries the JSON.
        var progress = json ? Console.Error : Console.Out;
        using var cancel = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        DrillOutcome outcome;
        try
        {
            outcome = await RestoreDrill.RunAsync(request, line => progress.WriteLine(line), cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("akkabackup: drill cancelled: the private server was stopped and the scratch copy removed; no report was written");
            return Cancelled;
        }

        var report = WriteReport(outcome);
        if (json)
        {
            Console.Out.WriteLine(DrillReport.ToJson(outcome));
        }
        else
        {
            DrillSummary.Write(Console.Out, outcome, report);
        }

        if (node is not null)
        {
            await RecordAsync(node.CatalogFile, outcome, progress);
        }

        if (node is not null && DrillAlerts.For(outcome, node.Name, DateTimeOffset.UtcNow) is { } alert)
        {
            await node.AlertAsync(alert);
        }

        return outcome.Status switch
        {
            DrillStatus.Passed => Passed,
            DrillStatus.Refused => Refused,
            _ => Failed,
        };

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            cancel.Cancel();
        }
    }

    private static string? WriteReport(DrillOutcome outcome)
    {
        try
        {
            return DrillReport.Write(outcome);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"akkabackup: the drill report could not be written beside {outcome.ArchivePath}: {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// Adds the drill's row to the receiver's fleet catalog, beside a running receiver if there is one (SQLite queues
    /// the two writers on its busy timeout). A catalog that cannot be written costs the row, never the drill's result.
    /// </summary>
    private static async Task RecordAsync(string catalogFile, DrillOutcome outcome, TextWriter progress)
    {
        try
        {
            var catalog = await FleetCatalog.OpenAsync(catalogFile);
            await catalog.AppendAsync([CatalogEntries.Drilled(outcome)]);
            progress.WriteLine($"Recorded in the fleet catalog {catalogFile}");
        }
        catch (Exception e) when (e is SqliteException or StoreException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"akkabackup: the drill was not recorded in the fleet catalog {catalogFile}: {e.Message}");
        }
    }

    /// <summary>What <c>--config</c> gives a drill: the receiver's drill settings, its name, its fleet catalog and its alert channels.</summary>
    private sealed record ReceiverNode(string Name, DrillSettings Drills, string CatalogFile, string ConfigPath, Akka.Configuration.Config Config)
    {
        public static ReceiverNode Load(string path)
        {
            var config = NodeConfiguration.Load(path);
            var receiver = ReceiverSettingsReader.Read(config);
            return new ReceiverNode(
                receiver.NodeName,
                DrillSettingsReader.Read(config, receiver.NamingPattern.TimeZone, receiver.StoreDirectory),
                CatalogSettingsReader.ReadCatalog(config, receiver).File,
                path,
                config);
        }

        /// <summary>Delivers through the receiver's channels, waiting up to its shutdown-flush-timeout (failures are logged).</summary>
        public async Task AlertAsync(Core.Alerts.Alert alert)
        {
            var log = Logging.Create(Config, "drill", Path.GetDirectoryName(Path.GetFullPath(ConfigPath))!, LogEventLevel.Warning);
            try
            {
                await using var outbox = AlertOutbox.Create(AlertSettingsReader.Read(Config), AlertHosting.Http, new SerilogLoggerFactory(log).CreateLogger("alerts"));
                outbox.Post(alert);
                var flush = AlertSettingsReader.ShutdownFlushTimeout(Config);
                await outbox.FlushAsync().WaitAsync(flush).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            finally
            {
                (log as IDisposable)?.Dispose();
            }
        }
    }
}
