using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace AkkaBackup.Remoting;

/// <summary>
/// Stands in for Akka's default JSON serializer (identifier 1, bound to <c>System.Object</c>): any type without a
/// serializer of its own is refused on the way out, and bytes that name identifier 1 are refused on the way in.
/// Akka's JSON carries CLR type names, so with it any peer could make a node build any type.
/// </summary>
public sealed class RefusingSerializer(ExtendedActorSystem system) : Serializer(system)
{
    public const int SerializerId = 1;

    /// <summary>What Akka calls for a serializer that has <c>serialization-settings</c>, as <c>json</c> has.</summary>
    public RefusingSerializer(ExtendedActorSystem system, Akka.Configuration.Config settings)
        : this(system)
    {
    }

    public override int Identifier => SerializerId;

    public override bool IncludeManifest => true;

    public override byte[] ToBinary(object obj) =>
        throw new SerializationException($"{obj.GetType().FullName} has no serializer: only AkkaBackup's own protocol crosses the wire");

    public override object FromBinary(byte[] bytes, Type type) =>
        throw new SerializationException($"refused a message serialized as JSON ({type?.FullName ?? "no type"}): only AkkaBackup's own protocol crosses the wire");
}
