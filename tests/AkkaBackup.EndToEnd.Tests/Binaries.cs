namespace AkkaBackup.EndToEnd.Tests;

/// <summary>Finds the built <c>akkabackup</c> next to the tests: the same build the README's commands run.</summary>
public static class Binaries
{
    public static string AkkaBackupDll { get; } = Find();

    private static string Find()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "akkabackup.dll");
        if (File.Exists(local) && File.Exists(Path.Combine(AppContext.BaseDirectory, "akkabackup.runtimeconfig.json")))
        {
            return local;
        }

        throw new FileNotFoundException($"akkabackup.dll with its runtimeconfig was not copied to {AppContext.BaseDirectory}");
    }
}
