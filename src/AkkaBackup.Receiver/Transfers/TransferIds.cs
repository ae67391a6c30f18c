using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace AkkaBackup.Receiver.Transfers;

/// <summary>
/// Transfer ids are issued by the receiver and are also resume tokens. They arrive back from the wire,
/// so they are checked against this exact shape before they are used for anything, never as a path.
/// </summary>
public static partial class TransferIds
{
    public static string New(DateTimeOffset now) =>
        $"{now.UtcDateTime:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";

    public static bool IsValid(string? id) => id is not null && Shape().IsMatch(id);

    [GeneratedRegex("^[0-9]{14}-[0-9a-f]{16}$")]
    private static partial Regex Shape();
}
