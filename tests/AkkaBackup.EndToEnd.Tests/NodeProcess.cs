using System.Diagnostics;
using System.Text;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>An <c>akkabackup</c> command running as its own OS process, with its output captured.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private NodeProcess(Process process)
    {
        _process = process;
    }

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public string Output => Stdout + "\n" + Stderr;

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    public static NodeProcess Start(string workingDirectory, params string[] args) => StartProgram(Binaries.AkkaBackupDll, workingDirectory, args);

    /// <summary>Starts <c>akkabackup</c> with these environment variables set over the test's own (e.g. another PATH).</summary>
    public static NodeProcess StartWithEnvironment(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartProgram(Binaries.AkkaBackupDll, workingDirectory, args, environment: environment);

    /// <summary>Starts a built .NET program (<c>akkabackup.dll</c>, <c>abk.dll</c>) with the arguments and, when given, this text on its stdin.</summary>
    public static NodeProcess StartProgram(
        string dll, string workingDirectory, IReadOnlyList<string> args, string? input = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var node = new NodeProcess(process);
        process.OutputDataReceived += (_, e) => Append(node._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(node._stderr, e.Data);
        process.Start();
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Runs a command to completion and returns its exit code.</summary>
    public static async Task<(int ExitCode, NodeProcess Process)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var node = Start(workingDirectory, args);
        var code = await node.WaitForExitAsync(timeout);
        return (code, node);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"akkabackup did not exit within {timeout.TotalSeconds:0} s. Output so far:\n{Output}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Waits until the combined output contains <paramref name="text"/> (or any of <paramref name="alternatives"/>).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout, params string[] alternatives)
    {
        var clock = Stopwatch.StartNew();
        while (!alternatives.Prepend(text).Any(t => Output.Contains(t, StringComparison.Ordinal)))
        {
            if (_process.HasExited)
            {
                // WaitForExit() also drains the output readers: the text may be in their last lines.
                _process.WaitForExit();
                if (alternatives.Prepend(text).Any(t => Output.Contains(t, StringComparison.Ordinal)))
                {
                    return;
                }

                throw new InvalidOperationException($"akkabackup exited with {_process.ExitCode} before printing '{text}':\n{Output}");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"akkabackup did not print '{text}' within {timeout.TotalSeconds:0} s:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits (up to two minutes) until <paramref name="condition"/> holds while this process runs.</summary>
    public async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!condition())
        {
            if (HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"condition not met (process exited: {HasExited}):\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>SIGSTOP or SIGCONT: a process that hangs (or goes on), without dying.</summary>
    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGTERM: what systemd, docker or an operator's <c>kill</c> sends.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL: the crash case, no cleanup.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.CompletedTask;
        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }
}
