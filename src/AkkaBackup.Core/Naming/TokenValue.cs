using System.Text;

namespace AkkaBackup.Core.Naming;

/// <summary>
/// Makes a value from a client safe to use as (part of) one file or directory name: it can never add a
/// path separator, <c>..</c>, a leading dot, a control character or a Windows device name, and it is short.
/// </summary>
public static class TokenValue
{
    public const int MaxLength = 64;

    private static readonly string[] WindowsDeviceNames =
    [
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];

    /// <summary>Keeps ASCII letters, digits, '-', '_' and single inner dots; everything else becomes '_'. Never empty.</summary>
    public static string Sanitise(string value)
    {
        var builder = new StringBuilder(Math.Min(value.Length, MaxLength * 2));
        foreach (var c in value)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        var text = builder.ToString().Replace("..", "__", StringComparison.Ordinal).Trim('.');
        if (text.Length > MaxLength - 1)
        {
            // One character short of the limit leaves room for the device-name prefix below.
            text = text[..(MaxLength - 1)].TrimEnd('.');
        }

        if (text.Length == 0)
        {
            return "_";
        }

        var stem = text.Split('.')[0];
        return WindowsDeviceNames.Contains(stem, StringComparer.OrdinalIgnoreCase) ? "_" + text : text;
    }
}
