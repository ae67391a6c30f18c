using Akka.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;
using AkkaBackup.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace AkkaBackup.Node.Hosting;

/// <summary>Pushes the <see cref="BackupMetrics"/> meter over OTLP/HTTP when <c>akkabackup.metrics.otlp-endpoint</c> is set.</summary>
public static class MetricsExport
{
    public static void AddMetricsExport(this IServiceCollection services, Config config)
    {
        var role = config.GetString("akkabackup.role", "node");
        var nodeName = config.GetString("akkabackup.node-name", "");
        var endpoint = config.GetString("akkabackup.metrics.otlp-endpoint", "");
        if (endpoint.Length == 0)
        {
            return;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ConfigurationException($"akkabackup.metrics.otlp-endpoint = \"{endpoint}\" is not an http(s) URL");
        }

        var interval = config.GetTimeSpan("akkabackup.metrics.export-interval", TimeSpan.FromSeconds(60));
        if (interval < TimeSpan.FromSeconds(1))
        {
            throw new ConfigurationException($"akkabackup.metrics.export-interval = {interval} is below 1 s");
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("akkabackup-" + role, serviceInstanceId: nodeName.Length > 0 ? nodeName : Environment.MachineName))
            .WithMetrics(metrics => metrics
                .AddMeter(BackupMetrics.MeterName)
                .AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = uri;
                    exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)interval.TotalMilliseconds;
                }));
    }
}
