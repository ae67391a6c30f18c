using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Naming;

namespace AkkaBackup.Core.Tests.Naming;

public sealed class NamingPatternTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 13, 5, 9, TimeSpan.Zero);

    private static readonly Dictionary<string, string> Values = new()
    {
        ["server"] = "db1",
        ["instance"] = "main",
        ["client"] = "client-1",
        ["type"] = "full",
    };

    [Fact]
    public void The_default_pattern_renders_server_instance_and_utc_timestamp()
    {
        var name = NamingPattern.Parse(NamingPattern.Default, "naming-pattern").Render(Values, At);

        Assert.Equal("db1_main_full_20261124_130509.zip", name);
    }

    [Theory]
    [InlineData("{client}-{type}-{timestamp:yyyy-MM-dd}.zip", "client-1-full-2026-11-24.zip")]
    [InlineData("{instance}.{timestamp:HHmm}.zip", "main.1305.zip")]
    [InlineData("backup.zip", "backup.zip")]
    public void Every_token_and_any_date_format_render(string pattern, string expected)
    {
        Assert.Equal(expected, NamingPattern.Parse(pattern, "p").Render(Values, At));
    }

    [Theory]
    [InlineData("{server}_{bogus}.zip", "unknown token {bogus}")]
    [InlineData("../{server}.zip", "must be a file name")]
    [InlineData("a/{server}.zip", "must be a file name")]
    [InlineData("{server:yyyy}.zip", "only {timestamp} takes a format")]
    [InlineData("{server.zip", "unbalanced")]
    [InlineData("", "is empty")]
    public void Bad_patterns_are_refused_naming_the_problem(string pattern, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => NamingPattern.Parse(pattern, "akkabackup.receiver.naming-pattern"));

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("../../etc", "______etc")]
    [InlineData("/abs/path", "_abs_path")]
    [InlineData("a\0b\nc", "a_b_c")]
    [InlineData("..", "__")]
    [InlineData("", "_")]
    public void Hostile_token_values_cannot_escape_the_directory(string value, string expected)
    {
        var sanitised = NamingPattern.Sanitise(value);

        Assert.Equal(expected, sanitised);
        Assert.DoesNotContain("/", sanitised);
        Assert.DoesNotContain("..", sanitised);
    }

    [Fact]
    public void Overlong_values_are_cut_to_64_characters()
    {
        Assert.Equal(64, NamingPattern.Sanitise(new string('x', 500)).Length);
    }
}
