using AkkaBackup.Core.Naming;

namespace AkkaBackup.Core.Tests.Naming;

public sealed class TokenValueTests
{
    public static TheoryData<string> HostileValues =>
    [
        "../", "../../etc", "..", "...", ".", "/etc/passwd", "..\\..\\windows", "C:\\Windows\\System32", "\\\\server\\share",
        "a\0b", "\u0001\u001f\u007f", "line\nbreak\r", "~root", "name/../../x", ".hidden", "trailing.", "CON", "nul.txt", "com1",
        "日本語", "e\u0301", "\uD83D\uDE00", "", " ", new string('a', 5000), new string('.', 300), "a" + new string('.', 200) + "b",
    ];

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void Hostile_values_become_one_short_plain_name(string value)
    {
        var sanitised = TokenValue.Sanitise(value);

        Assert.NotEmpty(sanitised);
        Assert.True(sanitised.Length <= TokenValue.MaxLength, sanitised);
        Assert.DoesNotContain("/", sanitised);
        Assert.DoesNotContain("\\", sanitised);
        Assert.DoesNotContain("..", sanitised);
        Assert.DoesNotContain(":", sanitised);
        Assert.False(sanitised.StartsWith('.') || sanitised.EndsWith('.'), sanitised);
        Assert.All(sanitised, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.', $"'{c}' in {sanitised}"));
    }

    [Theory]
    [InlineData("../../etc", "______etc")]
    [InlineData("/abs/path", "_abs_path")]
    [InlineData("a\0b\nc", "a_b_c")]
    [InlineData("..", "__")]
    [InlineData("", "_")]
    [InlineData("db-1.example_org", "db-1.example_org")]
    [InlineData("CON", "_CON")]
    [InlineData("nul.txt", "_nul.txt")]
    [InlineData("console", "console")]
    public void Safe_values_keep_their_shape(string value, string expected)
    {
        Assert.Equal(expected, TokenValue.Sanitise(value));
    }

    [Fact]
    public void Overlong_values_are_cut_below_64_characters()
    {
        Assert.Equal(TokenValue.MaxLength - 1, TokenValue.Sanitise(new string('x', 500)).Length);
    }
}
