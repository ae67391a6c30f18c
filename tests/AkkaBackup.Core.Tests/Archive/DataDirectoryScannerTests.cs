using System.Net.Sockets;
using AkkaBackup.Core.Archive;

namespace AkkaBackup.Core.Tests.Archive;

public sealed class DataDirectoryScannerTests : IDisposable
{
    private readonly TestTree _tree = new();

    [Fact]
    public void Lists_directories_and_files_in_ordinal_order_with_sizes()
    {
        var scan = DataDirectoryScanner.Scan(_tree.Source);

        var names = scan.Entries.Select(e => e.RelativePath).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Contains("empty-dir/", names);
        Assert.Equal(6, scan.FileCount);
        Assert.Equal(Directory.GetFiles(_tree.Source, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length), scan.TotalBytes);
    }

    [Fact]
    public void Sockets_and_symlinks_are_skipped_and_reported()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(_tree.Source, "mysql.sock")));
        File.CreateSymbolicLink(Path.Combine(_tree.Source, "elsewhere.ibd"), "/tmp/nowhere.ibd");

        var scan = DataDirectoryScanner.Scan(_tree.Source);

        Assert.DoesNotContain(scan.Entries, e => e.RelativePath is "mysql.sock" or "elsewhere.ibd");
        Assert.Contains(scan.Skipped, s => s.StartsWith("mysql.sock: socket", StringComparison.Ordinal));
        Assert.Contains(scan.Skipped, s => s.StartsWith("elsewhere.ibd: symlink", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unreadable_file_is_named_and_a_missing_directory_too()
    {
        var missing = Assert.Throws<ArchiveException>(() => DataDirectoryScanner.Scan(Path.Combine(_tree.Root, "nope")));
        Assert.Contains("nope", missing.Message);

        var locked = Path.Combine(_tree.Source, "small.txt");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        if (Environment.UserName == "root")
        {
            // root reads anything: the scan must still succeed and include the file.
            Assert.Contains(DataDirectoryScanner.Scan(_tree.Source).Entries, e => e.RelativePath == "small.txt");
        }
        else
        {
            var error = Assert.Throws<ArchiveException>(() => DataDirectoryScanner.Scan(_tree.Source));
            Assert.Contains(locked, error.Message);
        }
    }

    public void Dispose() => _tree.Dispose();
}
