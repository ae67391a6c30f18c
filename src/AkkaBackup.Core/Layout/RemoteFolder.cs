using System.Text.RegularExpressions;

namespace AkkaBackup.Core.Layout;

/// <summary>
/// The folder a client's target asks its backups to be filed in, below that client's own folder on the
/// receiver: '/'-separated segments of letters, digits, '.', '_' and '-', none starting with a dot. Checked
/// on the client when the target is saved and again on the receiver before it is used, so it can neither
/// climb out of the client's folder nor reach the store's own dot directories.
/// </summary>
public static partial class RemoteFolder
{
    public const int MaxLength = 200;

    public static bool IsSafe(string? folder) =>
        folder is not null
        && folder.Length <= MaxLength
        && (folder.Length == 0 || folder.Split('/').All(segment => Segment().IsMatch(segment) && segment != "." && !segment.Contains("..", StringComparison.Ordinal)));

    /// <summary>Why <paramref name="folder"/> cannot be used, or null when it can.</summary>
    public static string? Problem(string? folder, string setting) =>
        IsSafe(folder)
            ? null
            : $"{setting} = '{folder}' must be a relative folder of letters, digits, '.', '_' and '-' separated by '/', without '..' or a segment starting with '.', at most {MaxLength} characters";

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]*$")]
    private static partial Regex Segment();
}
