using System.Text.Json.Nodes;
using AkkaBackup.Store.Alerts;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Validation;

namespace AkkaBackup.Store.Tests.Alerts;

public sealed class AlertChannelSettingsPatchTests
{
    private static readonly Secret Stored = new("""{"host": "smtp.example.org", "password": "s3cret-pw", "to": ["ops@example.org"], "tls": {"trusted-ca": "/ca.crt", "verify": true}}""");

    [Fact]
    public void Keys_given_are_set_keys_given_as_null_removed_objects_merged_and_the_rest_kept()
    {
        var merged = AlertChannelSettingsPatch.Apply("mail", Stored, new Secret("""{"to": ["dba@example.org"], "host": null, "port": 587, "tls": {"verify": false}}"""));

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"password": "s3cret-pw", "to": ["dba@example.org"], "tls": {"trusted-ca": "/ca.crt", "verify": false}, "port": 587}"""),
            JsonNode.Parse(merged.Reveal())));
    }

    [Fact]
    public void A_patch_that_is_not_a_JSON_object_is_refused_saying_where_it_breaks_and_never_what_it_says()
    {
        var broken = Assert.Throws<ValidationException>(() => AlertChannelSettingsPatch.Apply("mail", Stored, new Secret("""{"password": "n3w-pw" """)));
        var array = Assert.Throws<ValidationException>(() => AlertChannelSettingsPatch.Apply("mail", Stored, new Secret("""["n3w-pw"]""")));

        Assert.StartsWith("alert channel 'mail' was not saved: settings is not valid JSON (line 1", broken.Message);
        Assert.Equal("alert channel 'mail' was not saved: settings must be a JSON object, found a JSON array", array.Message);
        Assert.DoesNotContain("n3w-pw", broken.Message + array.Message);
    }
}
