// Archive and restore of one sparse file (issue 13): a file of N GiB apparent size that holds a 1 MiB island
// of random data every 256 MiB and holes in between, like a preallocated or page-compressed tablespace.
// Prints the time (wall clock and CPU of this process) and size of the archive, the time of the restore and
// the allocated bytes before and after.
using System.Diagnostics;
using System.Globalization;
using AkkaBackup.Core.Archive;

var gib = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 4.5;
var root = Directory.CreateTempSubdirectory("akkabackup-sparse-bench-").FullName;
try
{
    var source = Path.Combine(root, "source");
    Directory.CreateDirectory(source);
    var file = Path.Combine(source, "sparse.ibd");
    var size = (long)(gib * 1024 * 1024 * 1024);
    var island = new byte[1024 * 1024];
    new Random(13).NextBytes(island);
    using (var handle = File.OpenHandle(file, FileMode.CreateNew, FileAccess.Write))
    {
        for (long offset = 0; offset + island.Length <= size; offset += 256L * 1024 * 1024)
        {
            RandomAccess.Write(handle, island, offset);
        }

        RandomAccess.SetLength(handle, size);
    }

    var archive = Path.Combine(root, "Data.zip");
    var clock = Stopwatch.StartNew();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var result = await new DataDirectoryArchiver(new ArchiveOptions()).CreateAsync(DataDirectoryScanner.Scan(source), archive, _ => { }, null, CancellationToken.None);
    var archiveTime = clock.Elapsed;
    var archiveCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

    var restored = Path.Combine(root, "restored");
    clock.Restart();
    cpu = Process.GetCurrentProcess().TotalProcessorTime;
    await ArchiveRestorer.RestoreAsync(archive, restored, new RestoreOptions(), CancellationToken.None);
    var restoreTime = clock.Elapsed;
    var restoreCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

    var same = Run("cmp", file, Path.Combine(restored, "sparse.ibd")).Length == 0;
    Console.WriteLine("| apparent | allocated | archive wall / CPU (s) | archive size | restore wall / CPU (s) | restored allocated | identical |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---|");
    Console.WriteLine(
        $"| {Mib(size)} | {Mib(Allocated(file))} | {archiveTime.TotalSeconds:0.00} / {archiveCpu.TotalSeconds:0.00} | {Mib(result.Length)} | " +
        $"{restoreTime.TotalSeconds:0.00} / {restoreCpu.TotalSeconds:0.00} | {Mib(Allocated(Path.Combine(restored, "sparse.ibd")))} | {(same ? "yes" : "NO")} |");
    return same ? 0 : 1;
}
finally
{
    Directory.Delete(root, recursive: true);
}

static string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " MiB";

static long Allocated(string path) => long.Parse(Run("stat", "-c", "%b", path).Trim(), CultureInfo.InvariantCulture) * 512;

static string Run(string program, params string[] arguments)
{
    using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true })!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    return output;
}
