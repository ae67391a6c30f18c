namespace AkkaBackup.Core.Tests;

/// <summary>A real directory under the system temp folder, removed with everything in it when disposed.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "akkabackup-test") => Root = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Root { get; }

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
