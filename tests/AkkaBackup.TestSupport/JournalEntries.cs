namespace AkkaBackup.TestSupport;

/// <summary>Journal entries a release wrote, checked in as <c>manifest TAB hex</c> lines (TestData/*.txt); and the schema-evolution probe the journal and wire tests share.</summary>
public static class JournalEntries
{
    public static IReadOnlyList<(string Manifest, byte[] Bytes)> Read(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", name))
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(parts => (parts[0], Convert.FromHexString(parts[1])))
            .ToList();

    /// <summary>The bytes with one more field (number 99, a varint: tag 0x98 0x06, value 42) that this release's schema does not know.</summary>
    public static byte[] WithUnknownField(byte[] bytes) => [.. bytes, 0x98, 0x06, 42];
}
