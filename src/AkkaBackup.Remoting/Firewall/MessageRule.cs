namespace AkkaBackup.Remoting.Firewall;

/// <summary>
/// One kind of message a peer may send: to the actor at <paramref name="Path"/> (or any actor below it when
/// <paramref name="PathIsPrefix"/>), serialized by <paramref name="SerializerId"/> under one of
/// <paramref name="Manifests"/>. With <paramref name="Stamp"/> the transport marks the message with the peer's
/// certificate name (<c>FromPeer</c>) before Akka sees it.
/// </summary>
public sealed record MessageRule(string Path, bool PathIsPrefix, int SerializerId, IReadOnlySet<string> Manifests, bool Stamp)
{
    public bool Matches(string path, int serializerId, string manifest) =>
        serializerId == SerializerId
        && Manifests.Contains(manifest)
        && (PathIsPrefix ? path.StartsWith(Path, StringComparison.Ordinal) && path.Length > Path.Length : path == Path);
}

/// <summary>Everything one peer may send; nothing else reaches an actor.</summary>
public sealed class PeerRules(IEnumerable<MessageRule> rules)
{
    private readonly IReadOnlyList<MessageRule> _rules = rules.ToList();

    public static readonly PeerRules None = new([]);

    public MessageRule? Match(string path, int serializerId, string manifest) =>
        _rules.FirstOrDefault(r => r.Matches(path, serializerId, manifest));

    public PeerRules With(PeerRules other) => new(_rules.Concat(other._rules));
}
