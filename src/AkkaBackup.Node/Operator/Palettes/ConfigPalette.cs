using AkkaBackup.Node.Output;
using AkkaBackup.Store.Validation;

namespace AkkaBackup.Node.Operator.Palettes;

/// <summary>
/// <c>config instance|target|schedule|setting|alert ...</c>: every change is checked by the store (values,
/// then the real server or receiver) and a refused change saves nothing; the dispatcher prints the refusal.
/// </summary>
public static class ConfigPalette
{
    public static IEnumerable<ConsoleCommand> Commands() =>
        ConfigInstances.Commands().Concat(ConfigTargets.Commands()).Concat(ConfigSchedules.Commands()).Concat(ConfigSettings.Commands()).Concat(ConfigAlerts.Commands());

    public static int Done(ConsoleCall call, string message)
    {
        if (call.Json)
        {
            call.WriteJson(new ConfigDoneJson(true, message), OutputJsonContext.Default.ConfigDoneJson);
        }
        else
        {
            call.Out.WriteLine(message);
        }

        return 0;
    }

    /// <summary><c>config &lt;kind&gt; remove &lt;name&gt;</c>: 0 removed, 2 when there is no such thing.</summary>
    public static async Task<int> RemoveAsync(ConsoleCall call, string kind, Func<string, Task<bool>> remove)
    {
        var name = call.Subject($"{kind} name");
        return await remove(name)
            ? Done(call, $"{kind} '{name}' removed.")
            : call.Fail($"{kind} '{name}' is not configured", 2);
    }

    /// <summary>The outcome of a <c>test</c>: 0 when every check passed, 1 listing the failures, 2 when there is no such thing.</summary>
    public static int Tested(ConsoleCall call, string subject, IReadOnlyList<ValidationFailure>? failures)
    {
        if (failures is null)
        {
            return call.Fail($"{subject} is not configured", 2);
        }

        if (call.Json)
        {
            call.WriteJson(new ConfigTestJson(failures.Count == 0, failures), OutputJsonContext.Default.ConfigTestJson);
            return failures.Count == 0 ? 0 : 1;
        }

        if (failures.Count == 0)
        {
            call.Out.WriteLine($"{subject}: every check passed.");
            return 0;
        }

        foreach (var f in failures)
        {
            call.Error.WriteLine($"abk: {subject}: {f.Field}: {f.Message}");
        }

        return 1;
    }
}
