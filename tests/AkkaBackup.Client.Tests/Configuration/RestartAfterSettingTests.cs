using Akka.Configuration;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Core.Configuration;
using ConfigurationException = AkkaBackup.Core.Configuration.ConfigurationException;

namespace AkkaBackup.Client.Tests.Configuration;

/// <summary><c>client.mysql.restart-after</c>, read from the shipped reference configuration.</summary>
public sealed class RestartAfterSettingTests
{
    [Fact]
    public void The_default_is_copy_the_shortest_downtime()
    {
        Assert.Equal(RestartAfter.Copy, Read("").RestartAfter);
    }

    [Theory]
    [InlineData("copy", RestartAfter.Copy)]
    [InlineData("archive", RestartAfter.Archive)]
    [InlineData("Transfer", RestartAfter.Transfer)]
    public void Each_value_is_read(string value, RestartAfter expected)
    {
        Assert.Equal(expected, Read($"mysql.restart-after = {value}").RestartAfter);
    }

    [Theory]
    [InlineData("later")]
    [InlineData("2")]
    [InlineData("-1")]
    [InlineData("\"\"")]
    public void Another_value_is_refused_naming_it_and_the_choices(string value)
    {
        var refusal = Assert.Throws<ConfigurationException>(() => Read($"mysql.restart-after = {value}"));

        Assert.Contains("akkabackup.client.mysql.restart-after = '", refusal.Message);
        Assert.Contains("must be 'copy', 'archive' or 'transfer'", refusal.Message);
    }

    private static ClientSettings Read(string setting) =>
        ClientSettingsReader.Read(ReferenceConfiguration.Over(ConfigurationFactory.ParseString($$"""
            akkabackup {
              node-name = client-1
              client {
                staging-directory = "/tmp/staging"
                receiver { host = 127.0.0.1, port = 4053, name = receiver }
                {{setting}}
              }
            }
            """)));
}
