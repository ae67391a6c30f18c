using System.Security.Cryptography;
using AkkaBackup.Client.Snapshots;
using AkkaBackup.Core.Processes;
using AkkaBackup.TestSupport.FileSystems;

namespace AkkaBackup.Client.Tests.Snapshots;

/// <summary>
/// A data directory with what a clone must get right: nested directories, a large file of random bytes, a
/// sparse file, symbolic links, an empty file, names with spaces and non-ASCII letters, unusual modes, a
/// foreign owner and old times (to the nanosecond).
/// </summary>
internal static class SampleTree
{
    public const string BigFile = "shop/orders.ibd";
    public const int BigFileMiB = 64;
    public const string SparseFile = "ibtmp1 sparse";
    public const long SparseLength = 32L * 1024 * 1024;

    /// <summary>Writes the sample as <c>mysql</c> at the top of <paramref name="fs"/> and plans its clone there; the clone path is run "run-1"'s.</summary>
    public static async Task<(string Data, ClonePlan Plan, string Clone)> WritePlannedAsync(LoopFileSystem fs)
    {
        var data = Path.Combine(fs.MountPoint, "mysql");
        await WriteAsync(data);
        var plan = await CloneProbe.PlanAsync(data, null, SnapshotTools.Default, CancellationToken.None);
        return (data, plan, DataDirectoryClone.PathFor(plan.CloneRoot, "run-1"));
    }

    public static async Task WriteAsync(string root)
    {
        Directory.CreateDirectory(root);
        var shop = Path.Combine(root, "shop");
        Directory.CreateDirectory(Path.Combine(shop, "sub dir", "tiefer ünïcödé ✓"));
        Directory.CreateDirectory(Path.Combine(root, "empty directory"));

        await using (var big = new FileStream(Path.Combine(root, BigFile), FileMode.CreateNew, FileAccess.Write))
        {
            var block = new byte[1024 * 1024];
            for (var i = 0; i < BigFileMiB; i++)
            {
                RandomNumberGenerator.Fill(block);
                await big.WriteAsync(block);
            }
        }

        await using (var sparse = new FileStream(Path.Combine(root, SparseFile), FileMode.CreateNew, FileAccess.Write))
        {
            sparse.SetLength(SparseLength);
            await sparse.WriteAsync(RandomNumberGenerator.GetBytes(4096));
            sparse.Position = SparseLength / 2;
            await sparse.WriteAsync(RandomNumberGenerator.GetBytes(4096));
        }

        await File.WriteAllTextAsync(Path.Combine(shop, "sub dir", "tiefer ünïcödé ✓", "blåbær.frm"), "table definition");
        await File.WriteAllTextAsync(Path.Combine(shop, "odd name with spaces.MYD"), "rows");
        await File.WriteAllBytesAsync(Path.Combine(root, "empty"), []);
        await File.WriteAllTextAsync(Path.Combine(root, "my.cnf part"), "[mariadbd]\n");
        File.CreateSymbolicLink(Path.Combine(root, "relative link"), BigFile);
        File.CreateSymbolicLink(Path.Combine(shop, "outside link"), "/etc/hostname");

        await LoopFileSystem.RunAsync("chmod", "0640", Path.Combine(root, BigFile));
        await LoopFileSystem.RunAsync("chmod", "0400", Path.Combine(root, "empty"));
        await LoopFileSystem.RunAsync("chmod", "2750", shop);
        await LoopFileSystem.RunAsync("chown", "-R", "-h", "1234:5678", shop);
        await LoopFileSystem.RunAsync("chown", "4321:8765", Path.Combine(root, SparseFile));

        // Times last: creating entries changes the times of their directories. -h: a link's own time, not its target's.
        await LoopFileSystem.RunAsync("find", root, "-depth", "-exec", "touch", "-h", "-d", "@981173106.123456789", "{}", "+");
        await LoopFileSystem.RunAsync("touch", "-d", "@1234567890.5", Path.Combine(root, SparseFile));
    }

    /// <summary>
    /// One line per entry: path, type, mode, owner, group, mtime to the nanosecond, size of files, link target, and a
    /// SHA-256 of each file's bytes. Directory sizes are left out: they depend on how the file system lays out entries.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ListAsync(string root)
    {
        var find = await ProcessRunner.RunAsync(new ProcessCommand("find", [root, "-printf", @"%P\t%y\t%m\t%U\t%G\t%T@\t%s\t%l\n"]));
        Assert.Equal(0, find.ExitCode);
        var lines = new List<string>();
        foreach (var line in find.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            if (fields[1] == "d")
            {
                fields[6] = "";
            }

            var hash = fields[1] == "f" ? Convert.ToHexStringLower(await HashAsync(Path.Combine(root, fields[0]))) : "";
            lines.Add(string.Join('\t', fields) + "\t" + hash);
        }

        return lines.Order(StringComparer.Ordinal).ToList();
    }

    public static async Task<byte[]> HashAsync(string path)
    {
        await using var file = File.OpenRead(path);
        return await SHA256.HashDataAsync(file);
    }
}
