namespace AkkaBackup.Client.Machines;

/// <summary>
/// What the builders of the client's pure state machines (the run, the chunk sender) share: the state as it
/// changes within one decision, and the effects in order. Local to a decision, so deciding stays a pure function.
/// </summary>
internal abstract class DecisionBuilderBase<TSelf, TState, TEffect>(TState state)
    where TSelf : DecisionBuilderBase<TSelf, TState, TEffect>
{
    private readonly List<TEffect> _effects = [];

    public TState State { get; protected set; } = state;

    protected IReadOnlyList<TEffect> Effects => _effects;

    public TSelf With(Func<TState, TState> change)
    {
        State = change(State);
        return (TSelf)this;
    }

    public TSelf Do(TEffect effect)
    {
        _effects.Add(effect);
        return (TSelf)this;
    }
}
