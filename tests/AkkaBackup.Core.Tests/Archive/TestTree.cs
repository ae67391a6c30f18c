using System.Text;

namespace AkkaBackup.Core.Tests.Archive;

/// <summary>A generated directory tree that looks like a small data directory, in a temp folder.</summary>
public sealed class TestTree : IDisposable
{
    public TestTree()
    {
        Root = Directory.CreateTempSubdirectory("akkabackup-archive").FullName;
        Source = Path.Combine(Root, "source");
        Directory.CreateDirectory(Path.Combine(Source, "shop"));
        Directory.CreateDirectory(Path.Combine(Source, "empty-dir"));
        Directory.CreateDirectory(Path.Combine(Source, "nested", "deeper"));
        File.WriteAllBytes(Path.Combine(Source, "empty-file"), []);
        File.WriteAllText(Path.Combine(Source, "small.txt"), "hello data directory\n");
        File.WriteAllText(Path.Combine(Source, "nested", "deeper", "ünïcødé name.frm"), "utf-8 names survive\n");
        File.WriteAllBytes(Path.Combine(Source, "shop", "orders.ibd"), SemiCompressible(5 * 1024 * 1024 + 123, seed: 1));
        File.WriteAllBytes(Path.Combine(Source, "shop", "random.bin"), Random(2 * 1024 * 1024 + 7, seed: 2));
        File.WriteAllBytes(Path.Combine(Source, "ibdata1"), new byte[3 * 1024 * 1024]);
        File.SetUnixFileMode(Path.Combine(Source, "small.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        File.SetUnixFileMode(Path.Combine(Source, "shop"), (UnixFileMode)0x1E8); // 0750
    }

    public string Root { get; }

    public string Source { get; }

    public string Archive => Path.Combine(Root, "Data.zip");

    public string Target(string name) => Path.Combine(Root, name);

    public static byte[] SemiCompressible(int length, int seed)
    {
        var random = new Random(seed);
        var words = new[] { "customer", "order", "paid", "shipped", "2026-11-24", "example.org", "amount", "returned" };
        var builder = new StringBuilder(length + 64);
        while (builder.Length < length)
        {
            builder.Append(words[random.Next(words.Length)]).Append(' ').Append(random.Next(100000)).Append(';');
        }

        return Encoding.ASCII.GetBytes(builder.ToString())[..length];
    }

    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static void AssertSameTree(string expected, string actual, bool compareModes = true)
    {
        var left = Directory.GetFileSystemEntries(expected, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(expected, p)).Order(StringComparer.Ordinal).ToList();
        var right = Directory.GetFileSystemEntries(actual, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(actual, p)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(left, right);
        foreach (var relative in left)
        {
            var a = Path.Combine(expected, relative);
            var b = Path.Combine(actual, relative);
            if (File.Exists(a))
            {
                Assert.True(File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b)), $"{relative} differs");
            }

            if (compareModes)
            {
                Assert.Equal(File.GetUnixFileMode(a), File.GetUnixFileMode(b));
            }
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
