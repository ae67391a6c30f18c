using AkkaBackup.Cmd;
using AkkaBackup.Node.Operator;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>How console words are split (interactive mode) and how a command appears in the node's log.</summary>
public sealed class ConsoleWordsTests
{
    [Fact]
    public void An_interactive_line_splits_on_spaces_and_keeps_quoted_words_together()
    {
        Assert.Equal(
            ["config", "schedule", "add", "n", "--cron", "0 30 2 * * *", "--time-zone", "Europe/Berlin", ""],
            CommandLine.Split("config  schedule add n --cron \"0 30 2 * * *\" --time-zone 'Europe/Berlin' ''"));
        Assert.Empty(CommandLine.Split("   "));
    }

    [Fact]
    public void The_log_shows_commands_with_passwords_and_alert_settings_masked()
    {
        Assert.Equal(
            "config instance add db --password ******** --user u --password=******** config alert add a --settings ********",
            ConsoleEndpoint.Loggable(["config", "instance", "add", "db", "--password", "s3cret", "--user", "u", "--password=s3cret", "config", "alert", "add", "a", "--settings", "{\"token\":\"x\"}"]));
    }
}
