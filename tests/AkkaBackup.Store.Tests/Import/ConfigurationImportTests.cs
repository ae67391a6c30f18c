using AkkaBackup.Store.Import;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Tests.Support;
using AkkaBackup.Store.Validation;

namespace AkkaBackup.Store.Tests.Import;

public sealed class ConfigurationImportTests
{
    private static ConfigurationImport FromHocon(string db1Password = "pw1") => new(
        [
            new InstanceImport(Samples.Instance("db1"), new Secret(db1Password)),
            new InstanceImport(Samples.Instance("db2") with { Port = 3307, DataDirectory = "/srv/db2" }, new Secret("pw2")),
        ],
        Samples.Target());

    [Fact]
    public async Task A_first_import_adds_every_instance_and_the_target()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;

        var report = await store.Importer.ImportAsync(FromHocon());

        Assert.Equal(["instance 'db1'", "instance 'db2'", "target 'backup01'"], report.Added);
        Assert.Empty(report.Updated);
        Assert.Equal(3, temp.Probe.Calls);
        Assert.Equal(3307, (await store.Instances.GetAsync("db2"))!.Port);
        Assert.Equal("pw2", (await store.Instances.ReadPasswordAsync("db2"))!.Reveal());
        Assert.Equal(Samples.Target(), await store.Targets.GetAsync("backup01"));
    }

    [Fact]
    public async Task Importing_the_same_file_again_changes_nothing_and_probes_nothing()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        await store.Importer.ImportAsync(FromHocon());
        var probes = temp.Probe.Calls;

        var report = await store.Importer.ImportAsync(FromHocon());

        Assert.Equal(["instance 'db1'", "instance 'db2'", "target 'backup01'"], report.Unchanged);
        Assert.Empty(report.Added);
        Assert.Empty(report.Updated);
        Assert.Equal(probes, temp.Probe.Calls);
    }

    [Fact]
    public async Task A_changed_password_is_an_update()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        await store.Importer.ImportAsync(FromHocon());

        var report = await store.Importer.ImportAsync(FromHocon(db1Password: "rotated"));

        Assert.Equal(["instance 'db1'"], report.Updated);
        Assert.Equal("rotated", (await store.Instances.ReadPasswordAsync("db1"))!.Reveal());
    }

    [Fact]
    public async Task One_bad_entry_saves_none_of_the_import_and_names_its_path()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        var import = FromHocon() with
        {
            Instances = [FromHocon().Instances[0], FromHocon().Instances[1] with { Instance = Samples.Instance("db2") with { Port = 0 } }],
        };

        var error = await Assert.ThrowsAsync<ValidationException>(() => store.Importer.ImportAsync(import));

        var failure = Assert.Single(error.Failures);
        Assert.Equal("instances.db2.port", failure.Field);
        Assert.Equal("instance 'db2': port = 0 is not a TCP port (1-65535)", failure.Message);
        Assert.Equal(0, await temp.CountAsync("instances"));
        Assert.Equal(0, await temp.CountAsync("targets"));
    }

    [Fact]
    public async Task A_receiver_that_cannot_be_reached_saves_none_of_the_import()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        temp.Probe.Failures.Add(new ValidationFailure("host", "host = 'backup01.example.org' did not answer on port 4053"));

        var error = await Assert.ThrowsAsync<ValidationException>(() => store.Importer.ImportAsync(FromHocon()));

        Assert.Contains("targets.backup01.host", error.Failures.Select(f => f.Field));
        Assert.Equal(0, await temp.CountAsync("instances"));
        Assert.Equal(0, await temp.CountAsync("targets"));
    }

    [Fact]
    public async Task An_instance_listed_twice_is_refused()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        var import = FromHocon() with { Instances = [FromHocon().Instances[0], FromHocon().Instances[0]] };

        var error = await Assert.ThrowsAsync<ValidationException>(() => store.Importer.ImportAsync(import));

        Assert.Contains("instance 'db1' is listed 2 times", error.Message);
        Assert.Equal(0, await temp.CountAsync("instances"));
    }

    [Fact]
    public async Task A_boot_import_checks_the_values_but_does_not_probe()
    {
        var (temp, store) = await TempStore.OpenAsync();
        await using var _ = temp;
        temp.Probe.Failures.Add(new ValidationFailure("host", "the server is down"));

        var report = await store.Importer.ImportAsync(FromHocon(), probe: false);

        Assert.Equal(3, report.Added.Count);
        Assert.Equal(0, temp.Probe.Calls);
        var bad = FromHocon() with { Instances = [FromHocon().Instances[0] with { Instance = Samples.Instance("db1") with { Port = 0 } }] };
        var error = await Assert.ThrowsAsync<ValidationException>(() => store.Importer.ImportAsync(bad, probe: false));
        Assert.Equal("instances.db1.port", Assert.Single(error.Failures).Field);
        Assert.Equal(3307, (await store.Instances.GetAsync("db2"))!.Port);
    }
}
