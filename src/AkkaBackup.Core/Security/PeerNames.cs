using System.Collections.Immutable;

namespace AkkaBackup.Core.Security;

/// <summary>
/// The certificate names a node's Akka.Remote accepts, which can grow while it runs: a client node adds a
/// target's receiver the first time a run goes there, so a target added from the console works without a
/// restart. Names are never removed: a connection to a receiver is not cut under a run that uses it.
/// </summary>
public sealed class PeerNames(IEnumerable<string> names)
{
    private ImmutableHashSet<string> _names = names.ToImmutableHashSet(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Current => _names;

    public void Add(string name) => ImmutableInterlocked.Update(ref _names, set => set.Add(name));
}
