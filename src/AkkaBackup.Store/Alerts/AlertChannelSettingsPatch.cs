using System.Text.Json.Nodes;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Validation;

namespace AkkaBackup.Store.Alerts;

/// <summary>
/// Changes some keys of a channel's stored settings (a JSON merge patch, RFC 7386): a key given is set, a key
/// given as null is removed, an object merges into the object it replaces, every other key stays. So an operator
/// changes a webhook's timeout without typing its URL (and the credential in it) again.
/// </summary>
public static class AlertChannelSettingsPatch
{
    /// <exception cref="ValidationException">The patch is not a JSON object; says where it breaks, never what it says.</exception>
    public static Secret Apply(string channelName, Secret stored, Secret patch)
    {
        if (AlertChannelRules.SettingsProblem(patch) is { } problem)
        {
            throw new ValidationException($"alert channel '{channelName}'", [new ValidationFailure("settings", $"settings {problem}")]);
        }

        // The stored settings were checked as a JSON object when they were saved.
        var merged = JsonNode.Parse(stored.Reveal())!.AsObject();
        Merge(merged, JsonNode.Parse(patch.Reveal())!.AsObject());
        return new Secret(merged.ToJsonString());
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject patchObject && target[key] is JsonObject targetObject)
            {
                Merge(targetObject, patchObject);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }
}
