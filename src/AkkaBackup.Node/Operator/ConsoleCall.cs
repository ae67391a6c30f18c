using System.Text.Json.Serialization.Metadata;
using AkkaBackup.Core.Cli;
using AkkaBackup.Node.Output;

namespace AkkaBackup.Node.Operator;

/// <summary>One console command being run: its arguments, where its output goes, and the node it runs on.</summary>
public sealed class ConsoleCall(ConsoleContext node, ConsoleCommand command, Arguments args, ConsoleWriter output, ConsoleWriter errors)
{
    public ConsoleContext Node => node;

    /// <summary>The client node, for the client's commands.</summary>
    public ClientConsole Client => (ClientConsole)node;

    /// <summary>The receiver node, for the receiver's commands.</summary>
    public ReceiverConsole Receiver => (ReceiverConsole)node;

    public ConsoleCommand Command => command;

    public Arguments Args => args;

    public TextWriter Out => output;

    public TextWriter Error => errors;

    public bool Json => args.Flag("json");

    /// <summary>The one positional argument the command takes, e.g. a run id or a name.</summary>
    public string Subject(string what) =>
        args.Positionals.Count == 1 ? args.Positionals[0] : throw new UsageException($"{command.Path}: give exactly one {what}; usage: {command.Usage}");

    /// <summary>The command's --json output, with its shape from <see cref="OutputJsonContext"/>.</summary>
    public void WriteJson<T>(T value, JsonTypeInfo<T> type) => Out.WriteLine(OutputJson.Indented(value, type));

    /// <summary>Prints a failure to stderr and returns the exit code for it.</summary>
    public int Fail(string message, int exitCode = 1)
    {
        Error.WriteLine($"abk: {message}");
        return exitCode;
    }

    public void Flush()
    {
        output.Flush();
        errors.Flush();
    }
}
