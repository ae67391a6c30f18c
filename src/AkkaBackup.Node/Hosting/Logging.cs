using Akka.Configuration;
using AkkaBackup.Core.Configuration;
using Serilog;
using Serilog.Events;

namespace AkkaBackup.Node.Hosting;

public static class Logging
{
    /// <summary>Serilog to a rolling file (everything) and to stderr (from <paramref name="consoleLevel"/>).</summary>
    public static Serilog.ILogger Create(Config config, string role, string configDirectory, LogEventLevel consoleLevel)
    {
        var directory = Path.GetFullPath(HoconSection.Of(config, "akkabackup").String("log-directory"), configDirectory);
        Directory.CreateDirectory(directory);
        return new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.WithProperty("Role", role)
            .WriteTo.Console(restrictedToMinimumLevel: consoleLevel, standardErrorFromLevel: LogEventLevel.Verbose,
                outputTemplate: "{Timestamp:HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}")
            .WriteTo.File(Path.Combine(directory, $"akkabackup-{role}-.log"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj}{NewLine}{Exception}")
            .CreateLogger();
    }
}
