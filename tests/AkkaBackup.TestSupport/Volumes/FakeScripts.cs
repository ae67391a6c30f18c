using System.Security.Cryptography;

namespace AkkaBackup.TestSupport.Volumes;

/// <summary>Where a fake volume manager keeps its programs and its state: a fresh directory under the tests' temporary root.</summary>
internal static class FakeScripts
{
    public static string NewDirectory(string kind)
    {
        var directory = Path.Combine(Path.GetTempPath(), "akkabackup-tests", $"fake-{kind}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        Directory.CreateDirectory(Path.Combine(directory, "bin"));
        Directory.CreateDirectory(Path.Combine(directory, "state"));
        return directory;
    }

    /// <summary>Writes an executable bash script; <c>@STATE@</c> in it becomes the state directory.</summary>
    public static void Write(string directory, string name, string script)
    {
        var path = Path.Combine(directory, "bin", name);
        File.WriteAllText(path, script.Replace("@STATE@", Path.Combine(directory, "state"), StringComparison.Ordinal).ReplaceLineEndings("\n"));
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the fake volume managers are bash scripts");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }
}
