using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using AkkaBackup.Client.Scheduling;
using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Retention;
using AkkaBackup.Node.Operator;
using AkkaBackup.Store.Instances;
using AkkaBackup.Store.RunLog;
using AkkaBackup.Store.Targets;
using static AkkaBackup.Client.Runs.RunProtocol;

namespace AkkaBackup.Node.Output;

/// <summary>
/// Every <c>--json</c> output of the node's commands and of its console, under one policy: keys in camelCase, enum
/// values as the kebab-case words operators type (<c>succeeded</c>, <c>run-once</c>), indented — except
/// <see cref="Line{T}"/>, one object per line for streams and line-oriented scripts.
/// </summary>
public static class OutputJson
{
    public static string Indented<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.Serialize(value, type);

    public static string Line<T>(T value, JsonTypeInfo<T> type)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            JsonSerializer.Serialize(writer, value, type);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

/// <summary>Enum values as kebab-case words, like <see cref="Store.Database.EnumText"/>: <c>RunOnce</c> is <c>run-once</c>.</summary>
public sealed class KebabCaseEnumConverter() : JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);

/// <summary>
/// The one serializer context of the <c>--json</c> outputs: every shape known at build time, one naming policy. Enum
/// values go through <see cref="KebabCaseEnumConverter"/>, so an enum added to any shape later is a word too (the
/// project file says why SYSLIB1034 is off for it).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    Converters = new[] { typeof(KebabCaseEnumConverter) })]
[JsonSerializable(typeof(RunReportJson))]
[JsonSerializable(typeof(RunProgressJson))]
[JsonSerializable(typeof(RunStateJson))]
[JsonSerializable(typeof(RunEndedJson))]
[JsonSerializable(typeof(CancelAccepted))]
[JsonSerializable(typeof(RunList))]
[JsonSerializable(typeof(RunRecord))]
[JsonSerializable(typeof(IReadOnlyList<RunRecord>))]
[JsonSerializable(typeof(IReadOnlyList<PendingTransfer>))]
[JsonSerializable(typeof(PendingDiscarded))]
[JsonSerializable(typeof(ClientStatusJson))]
[JsonSerializable(typeof(ReceiverStatusJson))]
[JsonSerializable(typeof(SchedulerState))]
[JsonSerializable(typeof(RunSummaryJson))]
[JsonSerializable(typeof(ConfigDoneJson))]
[JsonSerializable(typeof(ConfigTestJson))]
[JsonSerializable(typeof(IReadOnlyList<MySqlInstance>))]
[JsonSerializable(typeof(IReadOnlyList<BackupTarget>))]
[JsonSerializable(typeof(IReadOnlyList<ScheduleJson>))]
[JsonSerializable(typeof(ScheduleFiringsJson))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyList<AlertChannelJson>))]
[JsonSerializable(typeof(AlertTestJson))]
[JsonSerializable(typeof(IReadOnlyList<StoredManifest>))]
[JsonSerializable(typeof(IReadOnlyList<PartialTransferJson>))]
[JsonSerializable(typeof(RetentionJson))]
[JsonSerializable(typeof(IReadOnlyList<CatalogEntryJson>))]
[JsonSerializable(typeof(FleetSummaryJson))]
[JsonSerializable(typeof(AkkaBackup.Receiver.Transfers.TransferMessages.ReceiverStatus))]
[JsonSerializable(typeof(Dashboard.DashboardError))]
[JsonSerializable(typeof(Dashboard.DashboardSessionJson))]
public sealed partial class OutputJsonContext : JsonSerializerContext;
