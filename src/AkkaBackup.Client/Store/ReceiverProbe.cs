using System.Net.Sockets;
using System.Security.Authentication;
using AkkaBackup.Core.Security;
using AkkaBackup.Store.Targets;
using AkkaBackup.Store.Validation;

namespace AkkaBackup.Client.Store;

/// <summary>
/// Checks a target against the real receiver before it is saved: its Akka.Remote port answers, the TLS
/// handshake with this node's certificate succeeds, the receiver's certificate carries the expected name,
/// and the receiver keeps the connection open (a receiver that does not list this client closes it right
/// after the handshake).
/// </summary>
public sealed class ReceiverProbe(TlsIdentity identity) : ITargetProbe
{
    /// <summary>How long an accepted connection must stay open; a refusal closes it well within this.</summary>
    private static readonly TimeSpan Acceptance = TimeSpan.FromSeconds(2);

    public async Task<IReadOnlyList<ValidationFailure>> ProbeAsync(BackupTarget target, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(target.RequestTimeout);
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(target.Host, target.Port, deadline.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return [new ValidationFailure("host", $"host:port = {target.Host}:{target.Port} is not reachable: {Reason(e, target)}")];
        }

        var validator = new PeerCertificateValidator(identity.TrustedCa, [target.ExpectedName]);
        try
        {
            var (tls, _) = await TlsStreams.AuthenticateAsClientAsync(tcp.GetStream(), target.Host, identity, validator, deadline.Token);
            await using (tls)
            {
                return await StaysOpenAsync(tls, ct)
                    ? []
                    : [new ValidationFailure("host", $"the receiver at {target.Host}:{target.Port} closed the connection after the TLS handshake: it does not accept this client (is this node's name in its allowed-clients?)")];
            }
        }
        catch (AuthenticationException e)
        {
            var field = e.Message.Contains("CN", StringComparison.Ordinal) ? "expected-name" : "host";
            return [new ValidationFailure(field, $"TLS with the receiver at {target.Host}:{target.Port} failed: {e.Message}")];
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return [new ValidationFailure("host", $"the receiver at {target.Host}:{target.Port} did not complete the TLS handshake within {target.RequestTimeout.TotalSeconds:0} s")];
        }
    }

    private static async Task<bool> StaysOpenAsync(Stream tls, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(Acceptance);
        try
        {
            // Akka.Remote waits for our association request, so an accepting receiver sends nothing.
            return await tls.ReadAsync(new byte[1], wait.Token) > 0;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Reason(Exception e, BackupTarget target) =>
        e is OperationCanceledException ? $"no answer within {target.RequestTimeout.TotalSeconds:0} s" : e.Message;
}
