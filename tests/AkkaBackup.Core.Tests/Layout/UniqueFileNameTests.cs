using AkkaBackup.Core.Layout;
using AkkaBackup.Core.Naming;

namespace AkkaBackup.Core.Tests.Layout;

public sealed class UniqueFileNameTests : IDisposable
{
    private readonly TempDirectory _directory = new("akkabackup-names");

    [Fact]
    public void A_taken_name_gets_a_numbered_suffix_before_the_extension_and_is_never_overwritten()
    {
        File.WriteAllText(_directory.PathOf("db1_main.zip"), "older backup");

        var first = UniqueFileName.Reserve(_directory.Root, "db1_main.zip");
        var second = UniqueFileName.Reserve(_directory.Root, "db1_main.zip");

        Assert.Equal("db1_main_1.zip", first.Name);
        Assert.Equal("db1_main_2.zip", second.Name);
        Assert.True(File.Exists(first.Path));
        Assert.Equal(first.Path, first.ClaimPath);
        Assert.Equal("older backup", File.ReadAllText(_directory.PathOf("db1_main.zip")));
    }

    [Fact]
    public void With_a_claim_suffix_the_companion_is_created_and_an_existing_file_is_skipped()
    {
        File.WriteAllText(_directory.PathOf("db1_main.zip"), "archive placed without a manifest");

        var reserved = UniqueFileName.Reserve(_directory.Root, "db1_main.zip", StoreFiles.ManifestSuffix);

        Assert.Equal("db1_main_1.zip", reserved.Name);
        Assert.Equal(reserved.Path + StoreFiles.ManifestSuffix, reserved.ClaimPath);
        Assert.True(File.Exists(reserved.ClaimPath));
        Assert.False(File.Exists(reserved.Path));
        Assert.False(File.Exists(_directory.PathOf("db1_main.zip" + StoreFiles.ManifestSuffix)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(StoreFiles.ManifestSuffix)]
    public async Task Many_simultaneous_reservations_never_get_the_same_name(string claimSuffix)
    {
        const int callers = 64;

        var reserved = await Simultaneously.Run(callers, () => UniqueFileName.Reserve(_directory.Root, "db1_main_full_20261124_130509.zip", claimSuffix));

        Assert.Equal(callers, reserved.Select(r => r.Name).Distinct().Count());
        Assert.Equal(callers, Directory.GetFiles(_directory.Root).Length);
        Assert.All(reserved, r => Assert.True(File.Exists(r.ClaimPath), r.ClaimPath));
        Assert.Contains(reserved, r => r.Name == "db1_main_full_20261124_130509.zip");
    }

    [Fact]
    public void An_overlong_name_is_shortened_so_that_name_and_claim_fit_one_file_name()
    {
        var longName = new string('n', 300) + ".zip";
        File.WriteAllText(_directory.PathOf(FileNameLimits.Fit(new string('n', 300), ".zip", FileNameLimits.MaxBytes - StoreFiles.ManifestSuffix.Length)), "taken");

        var reserved = UniqueFileName.Reserve(_directory.Root, longName, StoreFiles.ManifestSuffix);

        Assert.EndsWith("_1.zip", reserved.Name);
        Assert.True(FileNameLimits.ByteCount(Path.GetFileName(reserved.ClaimPath)) <= FileNameLimits.MaxBytes);
        Assert.True(File.Exists(reserved.ClaimPath));
    }

    [Theory]
    [InlineData("../escape.zip")]
    [InlineData("sub/dir.zip")]
    [InlineData("..")]
    [InlineData("")]
    public void Only_a_plain_file_name_can_be_reserved(string name)
    {
        Assert.Throws<ArgumentException>(() => UniqueFileName.Reserve(_directory.Root, name));
    }

    public void Dispose() => _directory.Dispose();
}
