using Akka.Configuration;
using AkkaBackup.Core.Configuration;
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
        var metrics = HoconSection.Of(config, "akkabackup.metrics");
        var role = HoconSection.Of(config, "akkabackup").String("role");
        var nodeName = HoconSection.Of(config, "akkabackup").String("node-name");
        var endpoint = metrics.String("otlp-endpoint");
        if (endpoint.Length == 0)
        {
            return;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ConfigurationException($"akkabackup.metrics.otlp-endpoint = \"{endpoint}\" is not an http(s) URL");
        }

        var interval = metrics.PositiveDuration("export-interval");

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("akkabackup-" + role, serviceInstanceId: nodeName.Length > 0 ? nodeName : Environment.MachineName))
            .WithMetrics(metrics => metrics
                .AddMeter(BackupMetrics.MeterName)
                .AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = uri;
                    exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)Math.Min(interval.TotalMilliseconds, int.MaxValue);
                }));
    }
}
