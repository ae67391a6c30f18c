using System.Security.Cryptography;
using System.Text.Json;
using AkkaBackup.Core.Processes;
using AkkaBackup.TestSupport;

namespace AkkaBackup.EndToEnd.Tests;

public static class Checks
{
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static JsonElement Manifest(string archive)
    {
        var manifest = archive + ".manifest.json";
        Assert.True(File.Exists(manifest), $"no manifest beside {archive}");
        return JsonDocument.Parse(File.ReadAllText(manifest)).RootElement.Clone();
    }

    public static async Task UnzipTestPassesAsync(string archive)
    {
        var (code, output) = await ProcessRunner.RunAsync(new ProcessCommand("unzip", ["-t", "-q", archive]) { Timeout = TimeSpan.FromMinutes(5) });
        Assert.True(code == 0, $"unzip -t {archive} exited {code}: {output}");
    }

    /// <summary>Restores <paramref name="stored"/> with <c>akkabackup restore</c> into a new folder, starts a server on it and returns its table checksums.</summary>
    public static async Task<IReadOnlyDictionary<string, long?>> RestoredChecksumsAsync(string root, string stored, MariaDbServer source)
    {
        var restored = Path.Combine(root, "restored-" + Path.GetFileNameWithoutExtension(stored) + "-" + Guid.NewGuid().ToString("N")[..6]);
        var (code, restore) = await NodeProcess.RunAsync(root, TimeSpan.FromMinutes(5), "restore", stored, "--datadir", restored);
        Assert.True(code == 0, $"restore exited {code}:\n{restore.Output}");
        Assert.Contains("verifying SHA-256", restore.Stdout);
        return await ChecksumsOnAsync(restored, source);
    }

    /// <summary>Extracts <paramref name="stored"/> with the stock <c>unzip</c> into a new folder, starts a server on it and returns its table checksums.</summary>
    public static async Task<IReadOnlyDictionary<string, long?>> UnzippedChecksumsAsync(string root, string stored, MariaDbServer source)
    {
        var unzipped = Path.Combine(root, "unzipped-" + Path.GetFileNameWithoutExtension(stored) + "-" + Guid.NewGuid().ToString("N")[..6]);
        var (code, output) = await ProcessRunner.RunAsync(new ProcessCommand("unzip", ["-q", stored, "-d", unzipped]) { Timeout = TimeSpan.FromMinutes(5) });
        Assert.True(code == 0, $"unzip {stored} exited {code}: {output}");
        return await ChecksumsOnAsync(unzipped, source);
    }

    private static async Task<IReadOnlyDictionary<string, long?>> ChecksumsOnAsync(string dataDirectory, MariaDbServer source)
    {
        await using var copy = await MariaDbServer.StartOnDataDirectoryAsync(dataDirectory, source.User, source.Password);
        return await copy.ChecksumTablesAsync();
    }
}
