namespace AkkaBackup.Core.Alerts;

/// <summary>
/// One place alerts go (a webhook, a mailbox, a command). Subclasses only send; this class turns every
/// failure into an <see cref="AlertDeliveryException"/> whose message has the channel's secrets removed,
/// so nothing a channel throws can leak a password or a token into a log.
/// </summary>
public abstract class AlertChannel(AlertSeverity minimumSeverity, TimeSpan timeout)
{
    private const string Redacted = "***";

    /// <summary>Names the channel in logs; never holds a secret.</summary>
    public abstract string Name { get; }

    public AlertSeverity MinimumSeverity { get; } = minimumSeverity;

    /// <summary>How long one delivery attempt may take; enforced by the caller through the token.</summary>
    public TimeSpan Timeout { get; } = timeout;

    /// <summary>Strings that must never appear in a message (passwords, URL tokens).</summary>
    protected abstract IEnumerable<string> Secrets { get; }

    public bool Accepts(Alert alert) => alert.Severity >= MinimumSeverity;

    /// <summary>Delivers or throws <see cref="AlertDeliveryException"/>; cancellation surfaces as <see cref="OperationCanceledException"/>.</summary>
    public async Task DeliverAsync(Alert alert, CancellationToken ct)
    {
        try
        {
            await SendAsync(alert, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new AlertDeliveryException(Redact($"{Name}: {Describe(e)}"));
        }
    }

    protected abstract Task SendAsync(Alert alert, CancellationToken ct);

    /// <summary>Our own message as is; a library's with its causes, which usually hold the useful part ("Connection refused").</summary>
    private static string Describe(Exception e)
    {
        if (e is AlertDeliveryException)
        {
            return e.Message;
        }

        var messages = new List<string>();
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
        {
            if (!messages.Contains(cause.Message))
            {
                messages.Add(cause.Message);
            }
        }

        return string.Join(": ", messages);
    }

    private string Redact(string message)
    {
        // Longest first, so that a secret containing a shorter one is removed whole.
        foreach (var secret in Secrets.Where(s => s.Length > 0).OrderByDescending(s => s.Length))
        {
            message = message.Replace(secret, Redacted, StringComparison.Ordinal);
        }

        return message;
    }
}
