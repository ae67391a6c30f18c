namespace AkkaBackup.EndToEnd.Tests;

/// <summary>Finds the built <c>akkabackup</c> and <c>abk</c> next to the tests: the same build the README's commands run.</summary>
public static class Binaries
{
    public static string AkkaBackupDll { get; } = Find("akkabackup");

    /// <summary>The <c>abk</c> console.</summary>
    public static string AbkDll { get; } = Find("abk");

    private static string Find(string program)
    {
        var local = Path.Combine(AppContext.BaseDirectory, program + ".dll");
        if (File.Exists(local) && File.Exists(Path.Combine(AppContext.BaseDirectory, program + ".runtimeconfig.json")))
        {
            return local;
        }

        throw new FileNotFoundException($"{program}.dll with its runtimeconfig was not copied to {AppContext.BaseDirectory}");
    }
}
