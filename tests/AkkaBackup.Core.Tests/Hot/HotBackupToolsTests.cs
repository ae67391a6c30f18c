using AkkaBackup.Core.Hot;

namespace AkkaBackup.Core.Tests.Hot;

public sealed class HotBackupToolsTests
{
    [Fact]
    public void Without_configuration_it_finds_mariadb_backup_and_mbstream()
    {
        var tool = HotBackupTools.Find(null);

        Assert.Equal("mariadb-backup", Path.GetFileName(tool.BackupPath));
        Assert.Equal("mbstream", Path.GetFileName(tool.ExtractPath));
        Assert.True(File.Exists(tool.BackupPath));
        Assert.True(File.Exists(tool.ExtractPath));
        Assert.Equal(tool, HotBackupTools.Find(""));
    }

    [Fact]
    public void A_configured_path_is_used_as_it_is()
    {
        Assert.Equal(new HotBackupTool("/usr/bin/mariadb-backup", "/usr/bin/mbstream"), HotBackupTools.Find("/usr/bin/mariadb-backup"));
    }

    [Fact]
    public void A_configured_path_that_does_not_exist_is_refused_naming_it()
    {
        using var temp = new TempDirectory();
        var missing = temp.PathOf("opt", "mariadb-backup");

        var error = Assert.Throws<HotBackupUnavailableException>(() => HotBackupTools.Find(missing));

        Assert.Contains(missing, error.Message);
        Assert.Contains("does not exist", error.Message);
        Assert.Contains("apt-get install mariadb-backup", error.Message);
    }

    [Fact]
    public void A_configured_file_that_is_not_executable_is_refused()
    {
        using var temp = new TempDirectory();
        var notExecutable = temp.PathOf("mariadb-backup");
        File.WriteAllText(notExecutable, "#!/bin/sh\n");
        File.SetUnixFileMode(notExecutable, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var error = Assert.Throws<HotBackupUnavailableException>(() => HotBackupTools.Find(notExecutable));

        Assert.Contains("is not executable", error.Message);
    }
}
