using System.Globalization;
using System.Text.Encodings.Web;
using AkkaBackup.Node.Operator;

namespace AkkaBackup.Node.Dashboard.Pages;

/// <summary>Text for the pages: every value from the catalog or a request goes through <see cref="E"/> (HTML-encoded) or <see cref="U"/> (URL-encoded).</summary>
public static class HtmlText
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string U(string text) => UrlEncoder.Default.Encode(text);

    public static string When(DateTimeOffset? at) => E(ConsoleValues.When(at));

    public static string Size(long? bytes) => E(ConsoleValues.Size(bytes));

    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The link to one instance's history page.</summary>
    public static string InstanceLink(string client, string instance) =>
        $"<a href=\"/instances/{E(U(client))}/{E(U(instance))}\">{E(client)}/{E(instance)}</a>";
}
