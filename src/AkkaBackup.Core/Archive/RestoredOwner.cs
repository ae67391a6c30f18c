using System.Diagnostics;

namespace AkkaBackup.Core.Archive;

/// <summary>
/// <c>--owner user[:group]</c> of a restore: checked before anything is written, applied to the whole restored
/// directory at the end (cold and hot restores alike).
/// </summary>
public static class RestoredOwner
{
    /// <exception cref="ArchiveException">Not user or user:group, or no such user or group.</exception>
    public static string Resolve(string owner)
    {
        var parts = owner.Split(':');
        if (parts.Length > 2 || parts.Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')))
        {
            throw new ArchiveException($"--owner '{owner}' is not user or user:group");
        }

        foreach (var (name, database) in new[] { (parts[0], "passwd") }.Concat(parts.Length == 2 ? [(parts[1], "group")] : []))
        {
            var lookup = Process.Start(new ProcessStartInfo("getent", [database, name]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            lookup.WaitForExit();
            if (lookup.ExitCode != 0)
            {
                throw new ArchiveException($"--owner '{owner}': no such {(database == "passwd" ? "user" : "group")} '{name}'");
            }
        }

        return owner;
    }

    public static async Task GiveAsync(string owner, string target, CancellationToken ct)
    {
        // -h: a link is given the owner itself; nothing it points to changes hands.
        using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", "-h", owner, target]) { RedirectStandardError = true })!;
        var error = await chown.StandardError.ReadToEndAsync(ct);
        await chown.WaitForExitAsync(ct);
        if (chown.ExitCode != 0)
        {
            throw new ArchiveException($"chown -R -h {owner} {target} failed: {error.Trim()}");
        }
    }
}
