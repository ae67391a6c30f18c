using Akka.Actor;
using Akka.Remote.Transport;
using Google.Protobuf;

namespace AkkaBackup.Remoting;

/// <summary>Akka.Remote's view of one <see cref="PeerConnection"/>.</summary>
internal sealed class TlsAssociationHandle : AssociationHandle
{
    private readonly PeerConnection _connection;

    public TlsAssociationHandle(Address localAddress, Address remoteAddress, PeerConnection connection)
        : base(localAddress, remoteAddress)
    {
        _connection = connection;
    }

    public override bool Write(ByteString payload) => _connection.Write(payload);

#pragma warning disable CS0672 // Akka.Remote still calls the obsolete overload.
    public override void Disassociate() => _connection.Close("Akka.Remote ended the association");
#pragma warning restore CS0672
}
