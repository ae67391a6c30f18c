namespace AkkaBackup.Store.Database;

/// <summary>Text to find with <c>LIKE … ESCAPE '\'</c>: its own <c>%</c>, <c>_</c> and <c>\</c> match only themselves.</summary>
internal static class LikeText
{
    public static string Escape(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
