using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AkkaBackup.Core.Security;
using static AkkaBackup.Protocol.Messages.ConsoleProtocol;

namespace AkkaBackup.Node.Operator;

/// <summary>
/// Decides whether a console request may run: it carries a certificate from the node's CA whose CN is in
/// <c>akkabackup.console.allowed</c> and is the CN of the connection it came in on, it is meant for this node
/// (<paramref name="nodeName"/>), it has a valid signature by that certificate's key over the node's name, the
/// words, its id and its time, a time within <see cref="Window"/> of the node's clock, and an id not seen in
/// that window. Used by one actor, so it needs no locking.
/// </summary>
public sealed class ConsoleAuthenticator(X509Certificate2 trustedCa, IReadOnlyCollection<string> allowedConsoles, string nodeName, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly PeerCertificateValidator _validator = new(trustedCa, allowedConsoles);
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    /// <summary>
    /// The console's CN when the request may run; otherwise null and <paramref name="refusal"/> says why.
    /// <paramref name="connectionPeer"/> is the CN of the certificate of the connection the request came in on.
    /// </summary>
    public string? Authenticate(string connectionPeer, ConsoleRequest request, out string refusal)
    {
        refusal = "";
        if (request.Certificate is not { Length: > 0 } der || request.Signature is not { Length: > 0 } signature || request.RequestId.Length is 0 or > 64)
        {
            refusal = "the request is not signed by a console certificate (is this abk older than the node?)";
            return null;
        }

        if (request.NodeName != nodeName)
        {
            refusal = $"the request is meant for node '{request.NodeName}', this is '{nodeName}'";
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException e)
        {
            refusal = $"the request's certificate cannot be read: {e.Message}";
            return null;
        }

        using (certificate)
        {
            if (!_validator.Validate(certificate, out var reason))
            {
                refusal = allowedConsoles.Count == 0 ? "this node allows no console (akkabackup.console.allowed is empty)" : reason;
                return null;
            }

            var signer = _validator.PeerName(certificate);
            if (signer != connectionPeer)
            {
                refusal = $"the request is signed by CN={signer}, but came over the connection of CN={connectionPeer}";
                return null;
            }

            if (!RequestSignature.Verify(certificate, RequestSignature.Payload(request.Words, request.RequestId, request.IssuedAtUnixMs, request.NodeName), signature))
            {
                refusal = "the request's signature does not match its words and certificate";
                return null;
            }

            var now = time.GetUtcNow();
            var issued = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(request.IssuedAtUnixMs, 0, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));
            if ((now - issued).Duration() > Window)
            {
                refusal = $"the request was issued at {issued:u}, more than {Window.TotalMinutes:0} minutes from this node's clock ({now:u}); check both clocks";
                return null;
            }

            Forget(now);
            if (!_seen.TryAdd(request.RequestId, issued))
            {
                refusal = $"request {request.RequestId} was already run (a replayed request)";
                return null;
            }

            return signer;
        }
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var old in _seen.Where(s => now - s.Value > Window).Select(s => s.Key).ToList())
        {
            _seen.Remove(old);
        }
    }
}
