using System.Security.Cryptography;
using AkkaBackup.Client.MySql;
using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Hot;
using MySqlConnector;

namespace AkkaBackup.Client.Tests.Hot;

public sealed class HotBackupPrivilegesTests(BinlogServerFixture fixture) : IClassFixture<BinlogServerFixture>
{
    private static readonly string[] Documented = ["RELOAD", "PROCESS", "LOCK TABLES", "BINLOG MONITOR"];

    [Fact]
    public async Task A_user_with_only_select_lacks_the_whole_documented_set()
    {
        var (user, password) = await CreateUserAsync("SELECT");

        Assert.Equal(Documented, await MissingAsync(user, password));
    }

    [Fact]
    public async Task Root_lacks_nothing()
    {
        var root = new MySqlConnectionStringBuilder
        {
            Server = fixture.Server.SocketPath,
            ConnectionProtocol = MySqlConnectionProtocol.UnixSocket,
            UserID = "root",
            Pooling = false,
        }.ConnectionString;
        await using var connection = new MySqlConnection(root);
        await connection.OpenAsync();

        Assert.Empty(await HotBackupPrivileges.MissingAsync(connection, CancellationToken.None));
    }

    [Fact]
    public async Task The_documented_set_is_enough_for_mariadb_backup_on_a_server_with_a_binary_log()
    {
        var (user, password) = await CreateUserAsync(string.Join(", ", Documented));

        Assert.Empty(await MissingAsync(user, password));
        var result = await BackUpAsAsync(user, password);
        Assert.NotNull(result.ToLsn);
        Assert.Contains("MySQL binlog position", result.LogTail);
    }

    [Fact]
    public async Task Without_binlog_monitor_it_is_reported_missing_and_mariadb_backup_fails_for_want_of_it()
    {
        var (user, password) = await CreateUserAsync("RELOAD, PROCESS, LOCK TABLES");

        Assert.Equal(["BINLOG MONITOR"], await MissingAsync(user, password));
        var error = await Assert.ThrowsAsync<ArchiveException>(() => BackUpAsAsync(user, password));
        Assert.Contains("BINLOG MONITOR", error.Message);
    }

    [Fact]
    public async Task A_password_with_quotes_spaces_hashes_and_backslashes_reaches_mariadb_backup_intact()
    {
        var (user, password) = await CreateUserAsync(string.Join(", ", Documented), password: "a \"b\" 'c' #d \\e;f=g\\");

        Assert.Empty(await MissingAsync(user, password));
        var result = await BackUpAsAsync(user, password);
        Assert.NotNull(result.ToLsn);
    }

    [Fact]
    public void Super_stands_in_for_binlog_monitor_and_only_global_grants_count()
    {
        Assert.Empty(HotBackupPrivileges.Missing(["GRANT RELOAD, PROCESS, LOCK TABLES, SUPER ON *.* TO `b`@`localhost`"]));
        Assert.Empty(HotBackupPrivileges.Missing(["GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION"]));
        Assert.Equal(Documented, HotBackupPrivileges.Missing(
        [
            "GRANT USAGE ON *.* TO `b`@`localhost`",
            "GRANT ALL PRIVILEGES ON `shop`.* TO `b`@`localhost`",
            "GRANT `backup_role` TO `b`@`localhost`",
        ]));
        Assert.Equal(["LOCK TABLES"], HotBackupPrivileges.Missing(
        [
            "GRANT RELOAD, BINLOG MONITOR ON *.* TO `b`@`%` IDENTIFIED BY PASSWORD '*0'",
            "GRANT PROCESS ON *.* TO `b`@`%`",
        ]));
    }

    private async Task<(string User, string Password)> CreateUserAsync(string privileges, string? password = null)
    {
        var user = "hot_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        password ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        await using var admin = new MySqlConnection(fixture.Server.ConnectionString);
        await admin.OpenAsync();
        foreach (var sql in new[] { $"CREATE USER '{user}'@'127.0.0.1' IDENTIFIED BY @password", $"GRANT {privileges} ON *.* TO '{user}'@'127.0.0.1'" })
        {
            await using var command = new MySqlCommand(sql, admin);
            command.Parameters.AddWithValue("@password", password);
            await command.ExecuteNonQueryAsync();
        }

        return (user, password);
    }

    private async Task<IReadOnlyList<string>> MissingAsync(string user, string password)
    {
        var connectionString = new MySqlConnectionStringBuilder(fixture.Server.ConnectionString) { UserID = user, Password = password }.ConnectionString;
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        return await HotBackupPrivileges.MissingAsync(connection, CancellationToken.None);
    }

    private async Task<HotArchiveResult> BackUpAsAsync(string user, string password)
    {
        var work = Directory.CreateTempSubdirectory("akkabackup-hot-grants").FullName;
        try
        {
            var request = new HotBackupRequest(
                HotBackupTools.Find(null), new HotBackupConnection("127.0.0.1", fixture.Server.Port, user, password), fixture.Server.DataDirectory, work);
            return await new HotStreamArchiver(new ArchiveOptions()).CreateAsync(request, Path.Combine(work, "backup" + HotArchive.Extension), _ => { }, null, CancellationToken.None);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
