using System.Diagnostics;
using System.Text;

namespace AkkaBackup.Client.MySql;

/// <summary>Runs a service command with a timeout and captures its output for the error message.</summary>
public static class ShellRunner
{
    public static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, string what, TimeSpan timeout, CancellationToken ct)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ServiceControlException($"{what}: cannot run '{fileName}': {e.Message}", e);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            ct.ThrowIfCancellationRequested();
            throw new ServiceControlException($"{what}: '{fileName} {string.Join(' ', arguments)}' did not finish within {timeout.TotalSeconds:0} s and was killed");
        }

        // WaitForExitAsync returns once the process exits; this drains the redirected output.
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new ServiceControlException($"{what}: '{fileName} {string.Join(' ', arguments)}' exited with code {process.ExitCode}: {Tail(output)}");
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 16 * 1024)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Tail(StringBuilder output)
    {
        lock (output)
        {
            var text = output.ToString().Trim();
            return text.Length == 0 ? "(no output)" : text;
        }
    }
}
