using System.Security.Cryptography.X509Certificates;
using AkkaBackup.Core.Security;
using AkkaBackup.Node.Operator;
using AkkaBackup.TestSupport;
using static AkkaBackup.Protocol.Messages.ConsoleProtocol;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>
/// Only a request signed for this node by an allowed console certificate that is also the certificate of the
/// connection it came in on, fresh and never seen before, runs.
/// </summary>
public sealed class ConsoleAuthenticatorTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    private readonly X509Certificate2 _ca = CertificateAuthority.CreateCa("Test CA");
    private readonly X509Certificate2 _console;
    private readonly X509Certificate2 _receiver;
    private readonly ManualTime _time = new(Now);

    public ConsoleAuthenticatorTests()
    {
        _console = CertificateAuthority.IssueNode(_ca, "console", [], Now.AddDays(-1), Now.AddYears(1));
        _receiver = CertificateAuthority.IssueNode(_ca, "receiver", [], Now.AddDays(-1), Now.AddYears(1));
    }

    private ConsoleAuthenticator Authenticator => new(_ca, ["console"], "db1", _time);

    [Fact]
    public void A_fresh_request_signed_by_an_allowed_console_runs_once()
    {
        var authenticator = Authenticator;
        var request = Sign(_console, ["node", "status"], "id-1", Now);

        Assert.Equal("console", authenticator.Authenticate("console", request, out _));
        Assert.Null(authenticator.Authenticate("console", request, out var replay));
        Assert.Equal("request id-1 was already run (a replayed request)", replay);
    }

    [Fact]
    public void Another_peer_of_the_node_that_is_no_console_is_refused()
    {
        Assert.Null(Authenticator.Authenticate("receiver", Sign(_receiver, ["config", "instance", "list"], "id-2", Now), out var refusal));
        Assert.Contains("CN=receiver is not one of the allowed peers (console)", refusal);
    }

    [Fact]
    public void A_request_signed_for_another_node_is_refused_so_it_cannot_be_replayed_there()
    {
        var forReceiver = Sign(_console, ["node", "status"], "id-7", Now, node: "receiver");
        var renamed = forReceiver with { NodeName = "db1" };

        Assert.Null(Authenticator.Authenticate("console", forReceiver, out var elsewhere));
        Assert.Null(Authenticator.Authenticate("console", renamed, out var tampered));

        Assert.Equal("the request is meant for node 'receiver', this is 'db1'", elsewhere);
        Assert.Equal("the request's signature does not match its words and certificate", tampered);
    }

    [Fact]
    public void A_console_request_relayed_over_another_peers_connection_is_refused()
    {
        Assert.Null(Authenticator.Authenticate("receiver", Sign(_console, ["node", "status"], "id-8", Now), out var refusal));
        Assert.Equal("the request is signed by CN=console, but came over the connection of CN=receiver", refusal);
    }

    [Fact]
    public void Words_changed_after_signing_or_another_certificate_than_the_signer_are_refused()
    {
        var signed = Sign(_console, ["backup", "list"], "id-3", Now);
        var changed = signed with { Words = ["backup", "cancel", "x"] };
        var borrowed = Sign(_receiver, ["backup", "list"], "id-4", Now) with { Certificate = _console.RawData };

        Assert.Null(Authenticator.Authenticate("console", changed, out var first));
        Assert.Null(Authenticator.Authenticate("console", borrowed, out var second));
        Assert.Equal("the request's signature does not match its words and certificate", first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void An_unsigned_stale_or_foreign_request_is_refused_with_why()
    {
        var other = CertificateAuthority.CreateCa("Other CA");
        var foreign = CertificateAuthority.IssueNode(other, "console", [], Now.AddDays(-1), Now.AddYears(1));

        Assert.Null(Authenticator.Authenticate("console", new ConsoleRequest(["node", "status"], "", 0, "db1", [], []), out var unsigned));
        Assert.Null(Authenticator.Authenticate("console", Sign(_console, ["node", "status"], "id-5", Now.AddMinutes(-6)), out var stale));
        Assert.Null(Authenticator.Authenticate("console", Sign(foreign, ["node", "status"], "id-6", Now), out var untrusted));

        Assert.Contains("not signed by a console certificate", unsigned);
        Assert.Contains("more than 5 minutes from this node's clock", stale);
        Assert.Contains("is not signed by the trusted CA", untrusted);
    }

    private static ConsoleRequest Sign(X509Certificate2 certificate, string[] words, string id, DateTimeOffset at, string node = "db1")
    {
        var issued = at.ToUnixTimeMilliseconds();
        return new ConsoleRequest(words, id, issued, node, certificate.RawData, RequestSignature.Sign(certificate, RequestSignature.Payload(words, id, issued, node)));
    }

    public void Dispose()
    {
        _ca.Dispose();
        _console.Dispose();
        _receiver.Dispose();
    }
}
