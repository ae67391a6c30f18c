using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using AkkaBackup.Client.Runs;
using AkkaBackup.Core.Retention;
using AkkaBackup.Node.Output;
using AkkaBackup.Store.RunLog;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>The one policy of every <c>--json</c> output: camelCase keys, enum values as kebab-case words.</summary>
public sealed class OutputJsonTests
{
    [Fact]
    public void Every_output_shape_has_camel_case_keys_and_writes_its_enums_as_kebab_case_words()
    {
        var roots = typeof(OutputJsonContext).CustomAttributes
            .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
            .Select(a => (Type)a.ConstructorArguments[0].Value!)
            .ToList();
        var seen = new HashSet<Type>();
        var keys = new List<string>();
        var enums = new HashSet<Type>();
        foreach (var root in roots)
        {
            Walk(root, seen, keys, enums);
        }

        Assert.True(roots.Count > 20, $"only {roots.Count} shapes found");
        Assert.All(keys, key => Assert.Matches("^[a-z][A-Za-z0-9]*$", key));
        Assert.Superset(new HashSet<Type> { typeof(RunStatus), typeof(RetentionRule), typeof(Core.Scheduling.MisfirePolicy) }, enums);
        foreach (var type in enums)
        {
            foreach (var value in Enum.GetValues(type))
            {
                var text = JsonSerializer.Serialize(value, OutputJsonContext.Default.GetTypeInfo(type)!);
                Assert.Matches("^\"[a-z0-9]+(-[a-z0-9]+)*\"$", text);
            }
        }
    }

    [Fact]
    public void A_run_that_ended_says_its_status_as_the_run_log_filter_takes_it()
    {
        var json = OutputJson.Indented(new RunEndedJson("r1", RunStatus.Cancelled, null), OutputJsonContext.Default.RunEndedJson);

        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(new[] { "runId", "status", "endedAt" }, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("cancelled", root.GetProperty("status").GetString());
        Assert.Contains('\n', json);
    }

    [Fact]
    public void A_progress_line_is_one_line_and_names_the_phase_as_the_run_log_does()
    {
        var line = OutputJson.Line(
            new RunProgressJson("r1", RunPhase.StoppingServer.ToString(), 10, 20, 5, 4, 1.5, 10, false, 0.4, 1000, 500, null), OutputJsonContext.Default.RunProgressJson);

        Assert.Equal(
            """{"runId":"r1","phase":"StoppingServer","dataBytesRead":10,"dataBytesTotal":20,"archiveBytes":5,"bytesAcknowledged":4,"elapsedSeconds":1.5,""" +
            "\"archiveBytesExpected\":10,\"archiveSealed\":false,\"fraction\":0.4,\"readBytesPerSecond\":1000,\"sentBytesPerSecond\":500,\"etaSeconds\":null}",
            line);
    }

    [Fact]
    public void A_started_run_has_no_position_and_a_queued_one_has()
    {
        var started = JsonDocument.Parse(OutputJson.Indented(new RunStateJson("r1", "main", "started", null), OutputJsonContext.Default.RunStateJson)).RootElement;
        var queued = JsonDocument.Parse(OutputJson.Indented(new RunStateJson("r2", "main", "queued", 2), OutputJsonContext.Default.RunStateJson)).RootElement;

        Assert.Equal(new[] { "runId", "instance", "state" }, started.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, queued.GetProperty("position").GetInt32());
    }

    private static void Walk(Type type, HashSet<Type> seen, List<string> keys, HashSet<Type> enums)
    {
        if (!seen.Add(type))
        {
            return;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            Walk(underlying, seen, keys, enums);
            return;
        }

        if (type.IsEnum)
        {
            enums.Add(type);
            return;
        }

        var info = OutputJsonContext.Default.GetTypeInfo(type) ?? throw new InvalidOperationException($"{type} is not in the context");
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                foreach (var property in info.Properties)
                {
                    keys.Add(property.Name);
                    Walk(property.PropertyType, seen, keys, enums);
                }

                break;
            case JsonTypeInfoKind.Enumerable:
                Walk(info.ElementType!, seen, keys, enums);
                break;
            case JsonTypeInfoKind.Dictionary:
                Walk(info.ElementType!, seen, keys, enums);
                break;
            case JsonTypeInfoKind.None:
                break;
        }
    }
}
