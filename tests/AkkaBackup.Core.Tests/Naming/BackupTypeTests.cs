using AkkaBackup.Core.Cli;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Naming;

namespace AkkaBackup.Core.Tests.Naming;

public sealed class BackupTypeTests
{
    [Theory]
    [InlineData("cold", BackupType.Cold)]
    [InlineData("snapshot", BackupType.Snapshot)]
    [InlineData("hot", BackupType.Hot)]
    public void Each_type_reads_and_writes_as_its_lower_case_name(string name, BackupType type)
    {
        Assert.Equal(type, BackupTypes.Parse(name, "type"));
        Assert.Equal(name, type.Name());
        Assert.Equal(type, BackupTypes.ParseOption(name));
    }

    [Fact]
    public void A_manifest_or_client_from_before_backup_types_says_full_which_reads_as_cold_but_is_not_a_setting()
    {
        Assert.True(BackupTypes.TryParse("full", out var legacy));
        Assert.Equal(BackupType.Cold, legacy);
        Assert.Contains("instances.main.type = 'full' is not a backup type", Assert.Throws<ConfigurationException>(() => BackupTypes.Parse("full", "instances.main.type")).Message);
    }

    [Theory]
    [InlineData("Hot")]
    [InlineData("warm")]
    [InlineData("")]
    [InlineData(" cold")]
    public void Anything_else_is_refused_naming_the_value_and_the_choices(string text)
    {
        Assert.Equal($"--type = '{text}' is not a backup type: use one of cold, snapshot, hot", Assert.Throws<UsageException>(() => BackupTypes.ParseOption(text)).Message);
        Assert.False(BackupTypes.TryParse(text, out _));
    }

    [Fact]
    public void A_hot_backup_is_a_gzip_compressed_xbstream_and_the_others_are_zips()
    {
        Assert.Equal("Data.zip", BackupType.Cold.StagedName());
        Assert.Equal("Data.zip", BackupType.Snapshot.StagedName());
        Assert.Equal("Data.xbstream.gz", BackupType.Hot.StagedName());
        Assert.Equal("xbstream/gzip", BackupType.Hot.Format());
        Assert.Equal("zip/deflate", BackupType.Snapshot.Format());
    }

    [Fact]
    public void A_hot_backup_ends_in_xbstream_gz_whatever_extension_the_pattern_ends_in_and_keeps_it_when_cut_short()
    {
        var pattern = NamingPattern.Parse("{server}_{instance}_{type}.backup", "naming-pattern");
        var values = new NamingValues { Server = "db1", Instance = "main", Client = "c", Type = "hot", Timestamp = DateTimeOffset.UnixEpoch };

        Assert.Equal("db1_main_hot.xbstream.gz", pattern.Render(values, BackupType.Hot));
        Assert.Equal("db1_main_cold.backup", pattern.Render(values with { Type = "cold" }, BackupType.Cold));
        var huge = new string('x', 300);
        var cut = pattern.Render(values with { Server = huge, Instance = huge }, BackupType.Hot);
        Assert.EndsWith(".xbstream.gz", cut);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(cut) <= FileNameLimits.MaxRenderedBytes);
    }
}
