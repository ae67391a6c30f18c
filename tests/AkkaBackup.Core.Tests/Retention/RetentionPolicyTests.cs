using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Naming;
using AkkaBackup.Core.Retention;

namespace AkkaBackup.Core.Tests.Retention;

public sealed class RetentionPolicyTests
{
    [Fact]
    public void A_limit_below_one_is_refused_naming_the_setting()
    {
        var policies = new RetentionPolicies
        {
            ByInstance = new Dictionary<InstanceKey, RetentionPolicy> { [new InstanceKey("db1", "main")] = new() { KeepLast = 0 } },
        };

        var error = Assert.Throws<ConfigurationException>(() => policies.Validate("akkabackup.retention"));

        Assert.Contains("akkabackup.retention.instances.\"db1/main\".keep-last = 0", error.Message);
    }

    [Fact]
    public void A_negative_store_limit_is_refused()
    {
        var error = Assert.Throws<ConfigurationException>(() => new RetentionPolicies { StoreMaxBytes = -5 }.Validate("akkabackup.retention"));

        Assert.Contains("akkabackup.retention.store-max-bytes = -5", error.Message);
    }

    [Fact]
    public void Valid_policies_pass_unchanged()
    {
        var policy = new RetentionPolicy { KeepWithinDays = 30, KeepLast = 3, KeepDaily = 7, KeepWeekly = 4, KeepMonthly = 12, MaxBytes = 1 };

        Assert.Same(policy, policy.Validate("akkabackup.retention.default"));
    }

    [Theory]
    [InlineData("db1/main", "db1", "main")]
    [InlineData("client-1/shop_2", "client-1", "shop_2")]
    public void Instance_keys_parse_as_client_slash_instance(string text, string client, string instance)
    {
        Assert.Equal(new InstanceKey(client, instance), InstanceKey.Parse(text, "setting"));
    }

    [Theory]
    [InlineData("main")]
    [InlineData("/main")]
    [InlineData("db1/")]
    [InlineData("a/b/c")]
    public void Malformed_instance_keys_are_refused(string text)
    {
        var error = Assert.Throws<ConfigurationException>(() => InstanceKey.Parse(text, "akkabackup.retention.instances"));

        Assert.Contains($"'{text}'", error.Message);
    }
}
