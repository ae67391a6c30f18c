using System.Text;
using AkkaBackup.Store.Alerts;
using AkkaBackup.Store.Import;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Tests.Support;
using AkkaBackup.Store.Validation;
using AlertSeverity = AkkaBackup.Core.Alerts.AlertSeverity;

namespace AkkaBackup.Store.Tests.Secrets;

public sealed class PasswordEncryptionTests
{
    private const string Password = "Tr0ub4dor&3-horse-battery";

    [Fact]
    public async Task A_password_round_trips_and_its_plaintext_is_nowhere_in_the_database_files()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;

        await store.Instances.SaveAsync(Samples.Instance(), new Secret(Password));

        Assert.Equal(Password, (await store.Instances.ReadPasswordAsync("db1"))!.Reveal());
        var files = temp.ReadDatabaseFiles();
        Assert.True(files.Length > 0);
        Assert.False(Contains(files, Encoding.UTF8.GetBytes(Password)), "UTF-8 plaintext found in the database files");
        Assert.False(Contains(files, Encoding.Unicode.GetBytes(Password)), "UTF-16 plaintext found in the database files");
    }

    [Fact]
    public async Task The_same_password_encrypts_differently_each_time()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;

        await store.Instances.SaveAsync(Samples.Instance("a"), new Secret(Password));
        await store.Instances.SaveAsync(Samples.Instance("b"), new Secret(Password));

        await using var connection = await temp.OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT password FROM instances ORDER BY name;";
        await using var reader = await command.ExecuteReaderAsync();
        var blobs = new List<byte[]>();
        while (await reader.ReadAsync())
        {
            blobs.Add((byte[])reader.GetValue(0));
        }

        Assert.Equal(2, blobs.Count);
        Assert.NotEqual(blobs[0], blobs[1]);
    }

    [Fact]
    public async Task A_ciphertext_copied_to_another_instance_does_not_decrypt()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        await store.Instances.SaveAsync(Samples.Instance("a"), new Secret(Password));
        await store.Instances.SaveAsync(Samples.Instance("b"), new Secret("other"));
        await using (var connection = await temp.OpenRawAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE instances SET password = (SELECT password FROM instances WHERE name = 'a') WHERE name = 'b';";
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<StoreException>(() => store.Instances.ReadPasswordAsync("b"));

        Assert.Contains("password of instance 'b'", error.Message);
        Assert.DoesNotContain(Password, error.Message);
    }

    [Fact]
    public async Task Passwords_never_appear_in_records_or_refusals()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        var secret = new Secret(Password);
        var channel = new AlertChannel("ops", "webhook", new Secret($$"""{"url":"https://hooks.example.org/{{Password}}"}"""), AlertSeverity.Warning);

        var refusal = await Assert.ThrowsAsync<ValidationException>(() => store.Instances.SaveAsync(Samples.Instance() with { Port = 0 }, secret));

        Assert.DoesNotContain(Password, secret.ToString());
        Assert.DoesNotContain(Password, new InstanceImport(Samples.Instance(), secret).ToString());
        Assert.DoesNotContain(Password, channel.ToString());
        Assert.DoesNotContain(Password, refusal.Message);
    }

    [Fact]
    public async Task Alert_channel_settings_are_encrypted_at_rest()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        var settings = $$"""{"smtp-password":"{{Password}}"}""";

        await store.AlertChannels.SaveAsync(new AlertChannel("mail", "email", new Secret(settings), AlertSeverity.Error));

        Assert.Equal(settings, (await store.AlertChannels.GetAsync("mail"))!.Settings.Reveal());
        Assert.False(Contains(temp.ReadDatabaseFiles(), Encoding.UTF8.GetBytes(Password)));
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
