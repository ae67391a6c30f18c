using System.Text;

namespace AkkaBackup.Core.Tests.Hot;

/// <summary>The live processes whose command line contains a string (read from /proc), to prove a tool is running, or gone.</summary>
internal static class RunningProcesses
{
    public static IReadOnlyList<(int Pid, string CommandLine)> WithCommandLineContaining(string text)
    {
        var found = new List<(int, string)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "cmdline"))).Replace('\0', ' ');
                if (commandLine.Contains(text, StringComparison.Ordinal))
                {
                    found.Add((pid, commandLine));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }
}
