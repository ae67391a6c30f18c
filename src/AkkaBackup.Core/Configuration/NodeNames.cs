using System.Text.RegularExpressions;

namespace AkkaBackup.Core.Configuration;

/// <summary>Node names are certificate CNs and folder names on the receiver, so they are kept to a safe alphabet.</summary>
public static partial class NodeNames
{
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public static string Require(string? name, string setting) =>
        IsValid(name)
            ? name!
            : throw new ConfigurationException($"{setting} = '{name}' is not a valid node name: use 1-64 letters, digits, '.', '_' or '-', not starting with '.' or '-'");

    /// <summary>This node's name, <c>akkabackup.node-name</c>.</summary>
    public static string Of(Akka.Configuration.Config root) =>
        Require(HoconSection.Of(root, "akkabackup").String("node-name"), "akkabackup.node-name");

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex Pattern();
}
