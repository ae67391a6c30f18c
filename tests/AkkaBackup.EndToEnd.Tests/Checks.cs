using System.Security.Cryptography;
using System.Text.Json;
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
        var (code, output) = await ShellCommand.RunAsync("unzip", ["-t", "-q", archive], TimeSpan.FromMinutes(5));
        Assert.True(code == 0, $"unzip -t {archive} exited {code}: {output}");
    }
}
