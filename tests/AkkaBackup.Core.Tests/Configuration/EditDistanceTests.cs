using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Core.Tests.Configuration;

public sealed class EditDistanceTests
{
    [Theory]
    [InlineData("stop-timeout", "stop-timeout", 0)]
    [InlineData("stop-timout", "stop-timeout", 1)]
    [InlineData("recevier", "receiver", 1)]
    [InlineData("prot", "port", 1)]
    [InlineData("uri", "url", 1)]
    [InlineData("type", "host", 4)]
    [InlineData("", "port", 4)]
    public void Swaps_insertions_deletions_and_substitutions_each_cost_one(string a, string b, int expected)
    {
        Assert.Equal(expected, EditDistance.Between(a, b));
        Assert.Equal(expected, EditDistance.Between(b, a));
    }

    [Theory]
    [InlineData("stop-timout", "stop-timeout", true)]
    [InlineData("type", "host", false)]
    [InlineData("port", "host", false)]
    public void A_key_is_close_within_a_third_of_its_length(string word, string candidate, bool expected)
    {
        Assert.Equal(expected, EditDistance.IsClose(word, candidate));
    }
}
