using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Remote;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;
using AkkaBackup.Node.Hosting;
using AkkaBackup.Remoting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>What keeps peers out is not a setting: a node's own HOCON cannot turn untrusted mode off or bring Akka's JSON back.</summary>
public sealed class RemotingLockdownTests
{
    [Fact]
    public async Task A_nodes_own_hocon_cannot_reopen_json_or_leave_untrusted_mode()
    {
        var root = Directory.CreateTempSubdirectory("akkabackup-lockdown-").FullName;
        try
        {
            CertificateAuthority.WriteFiles(root, "Test CA", ["node"], "pw");
            var identity = new TlsIdentity(CertificateAuthority.LoadPfx(Path.Combine(root, "node.pfx"), "pw"), CertificateAuthority.LoadCaCertificate(Path.Combine(root, "ca.crt")));
            var own = ConfigurationFactory.ParseString("""
                akka.remote.untrusted-mode = off
                akka.actor.serializers.json = "Akka.Serialization.NewtonSoftJsonSerializer, Akka"
                akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
                """).WithFallback(ReferenceConfiguration.Config);
            using var host = AkkaNode.CreateHostBuilder(own, Serilog.Core.Logger.None,
                new TlsTransportSetup(identity, new RemotingPolicy(_ => null, RemotingPolicy.NoOutbound)), _ => { }).Build();
            await host.StartAsync();
            try
            {
                var system = (ExtendedActorSystem)host.Services.GetRequiredService<ActorSystem>();

                Assert.True(((IRemoteActorRefProvider)system.Provider).RemoteSettings.UntrustedMode);
                Assert.Throws<SerializationException>(() => system.Serialization.Deserialize("{}"u8.ToArray(), RefusingSerializer.SerializerId, typeof(Unbound)));
                var fallback = system.Serialization.FindSerializerFor(new Unbound("x"));
                Assert.IsType<RefusingSerializer>(fallback);
                Assert.Throws<SerializationException>(() => fallback.ToBinary(new Unbound("x")));
                Assert.Throws<SerializationException>(() => fallback.FromBinary("{}"u8.ToArray(), typeof(Unbound)));
            }
            finally
            {
                await host.StopAsync();
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    public sealed record Unbound(string Value);
}
