using System.Diagnostics;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>A small tmpfs mounted on a test's folder (the tests run as root): a real volume that fills up.</summary>
public sealed class Tmpfs : IDisposable
{
    private Tmpfs(string directory) => Directory = directory;

    public string Directory { get; }

    public static Tmpfs Mount(string directory, int megabytes)
    {
        System.IO.Directory.CreateDirectory(directory);
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", directory);
        return new Tmpfs(directory);
    }

    /// <summary>Another process takes every free byte of the volume; returns the file that holds them.</summary>
    public string Fill()
    {
        var filler = Path.Combine(Directory, "filler.bin");
        var block = new byte[1024 * 1024];
        using var stream = new FileStream(filler, FileMode.CreateNew, FileAccess.Write);
        try
        {
            while (true)
            {
                stream.Write(block);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            return filler;
        }
    }

    /// <summary>Lazy: a process that still holds a file on the volume (a killed node's last handle) does not keep it mounted.</summary>
    public void Dispose() => Run("umount", "-l", Directory);

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed: {error}");
    }
}
