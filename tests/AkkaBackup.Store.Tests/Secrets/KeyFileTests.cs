using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Tests.Support;

namespace AkkaBackup.Store.Tests.Secrets;

public sealed class KeyFileTests
{
    [Fact]
    public async Task The_key_file_is_created_beside_the_database_with_mode_0600()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;

        Assert.Equal(temp.DatabasePath + ".key", store.KeyFilePath);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.KeyFilePath));
        Assert.Equal(32, new FileInfo(store.KeyFilePath).Length);
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, "0640")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead, "0604")]
    public async Task A_key_file_readable_by_group_or_others_is_refused_naming_file_and_mode(UnixFileMode mode, string octal)
    {
        await using var temp = TempStore.Create();
        var store = await temp.OpenStoreAsync();
        File.SetUnixFileMode(store.KeyFilePath, mode);

        var error = await Assert.ThrowsAsync<StoreException>(temp.OpenStoreAsync);

        Assert.Contains(store.KeyFilePath, error.Message);
        Assert.Contains($"mode {octal}", error.Message);
    }

    [Fact]
    public async Task A_missing_key_file_is_refused_instead_of_replaced()
    {
        await using var temp = TempStore.Create();
        var store = await temp.OpenStoreAsync();
        await store.Instances.SaveAsync(Samples.Instance(), new Secret("pw"));
        File.Delete(store.KeyFilePath);

        var error = await Assert.ThrowsAsync<StoreException>(temp.OpenStoreAsync);

        Assert.Contains("missing", error.Message);
        Assert.False(File.Exists(store.KeyFilePath));
    }

    [Fact]
    public async Task A_key_file_from_another_database_is_refused()
    {
        await using var temp = TempStore.Create();
        var store = await temp.OpenStoreAsync();
        await using var other = TempStore.Create();
        var otherStore = await other.OpenStoreAsync();
        File.Copy(otherStore.KeyFilePath, store.KeyFilePath, overwrite: true);

        var error = await Assert.ThrowsAsync<StoreException>(temp.OpenStoreAsync);

        Assert.Contains($"key file {store.KeyFilePath} is not the key of database {temp.DatabasePath}", error.Message);
    }

    [Fact]
    public async Task A_key_file_of_the_wrong_length_is_refused()
    {
        await using var temp = TempStore.Create();
        var store = await temp.OpenStoreAsync();
        await File.WriteAllBytesAsync(store.KeyFilePath, new byte[16]);

        var error = await Assert.ThrowsAsync<StoreException>(temp.OpenStoreAsync);

        Assert.Contains("holds 16 bytes, not 32", error.Message);
    }
}
