using System.Collections.Concurrent;
using AkkaBackup.Core.Processes;

namespace AkkaBackup.TestSupport;

/// <summary>
/// New servers without extra settings start from a copy of one pristine install per test process: mariadb-install-db
/// takes 2-4 s on this machine and a copy of its 66 MB 0.15 s, and the end-to-end suite starts hundreds of servers.
/// The template is taken right after the first install, before that server ever starts, so every copy is exactly
/// what mariadb-install-db would have written (the files do not hold their own path). Servers with settings of their
/// own (a binary log, …) are installed as before: what the bootstrap writes may depend on them.
/// </summary>
public sealed partial class MariaDbServer
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<string?>>> Templates = new();

    private static readonly string TemplateRoot = Path.Combine(Path.GetTempPath(), "akkabackup-tests", $"templates-{Environment.ProcessId}");

    static MariaDbServer()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                if (System.IO.Directory.Exists(TemplateRoot))
                {
                    System.IO.Directory.Delete(TemplateRoot, recursive: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A leftover template in the temporary folder is harmless.
            }
        };
    }

    /// <summary>Fills <see cref="DataDirectory"/> like mariadb-install-db: from the template when there is one.</summary>
    private async Task InstallOrCopyAsync(string rootAuthentication, CancellationToken ct)
    {
        if (_settings.Count > 0)
        {
            await InstallAsync(rootAuthentication, ct);
            return;
        }

        var installedHere = false;
        var template = Templates.GetOrAdd(rootAuthentication, auth => new Lazy<Task<string?>>(async () =>
        {
            installedHere = true;
            await InstallAsync(auth, CancellationToken.None);
            return await SaveTemplateAsync(auth);
        }));
        string? templatePath;
        try
        {
            templatePath = await template.Value;
        }
        catch when (!installedHere)
        {
            // The first install failed (its own server reports it); the next server tries afresh.
            Templates.TryRemove(new KeyValuePair<string, Lazy<Task<string?>>>(rootAuthentication, template));
            templatePath = null;
        }

        if (installedHere)
        {
            return;
        }

        if (templatePath is null || !await CopyTemplateAsync(templatePath, ct))
        {
            await InstallAsync(rootAuthentication, ct);
        }
    }

    /// <summary>Copies the fresh install to the template folder; null (no template, every server installs) if that fails.</summary>
    private async Task<string?> SaveTemplateAsync(string rootAuthentication)
    {
        var path = Path.Combine(TemplateRoot, rootAuthentication);
        System.IO.Directory.CreateDirectory(TemplateRoot);
        var (code, _) = await ProcessRunner.RunAsync(new ProcessCommand("cp", ["-a", DataDirectory, path]) { Timeout = TimeSpan.FromMinutes(1) });
        return code == 0 ? path : null;
    }

    private async Task<bool> CopyTemplateAsync(string templatePath, CancellationToken ct)
    {
        var (code, _) = await ProcessRunner.RunAsync(
            new ProcessCommand("cp", ["-a", "--reflink=auto", templatePath + "/.", DataDirectory]) { Timeout = TimeSpan.FromMinutes(1) }, ct);
        if (code == 0)
        {
            return true;
        }

        // A copy that failed half-way (a full test volume, …) leaves an empty directory for the real install.
        System.IO.Directory.Delete(DataDirectory, recursive: true);
        System.IO.Directory.CreateDirectory(DataDirectory);
        return false;
    }
}
