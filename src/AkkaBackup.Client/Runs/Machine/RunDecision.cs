using Akka.Event;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Machines;
using AkkaBackup.Core.Naming;
using static AkkaBackup.Client.Runs.Machine.RunEffects;

namespace AkkaBackup.Client.Runs.Machine;

/// <summary>What does not change during a run and its decisions depend on.</summary>
/// <param name="Type">The type a new run takes; a resumed run's comes from its journal (<see cref="RunState.Type"/>).</param>
public sealed record RunContext(string RunId, string Instance, RestartAfter RestartAfter, BackupType Type = BackupType.Cold);

/// <summary>
/// The outcome of one input: the state after it, the events to journal (already applied to the state), and
/// the effects to carry out — in order, and only once the events are journalled.
/// </summary>
public sealed record RunDecision(RunState State, IReadOnlyList<IRunEvent> Events, IReadOnlyList<RunEffect> Effects)
{
    public bool Concludes => Effects.Any(e => e is Conclude);
}

/// <summary>Builds one <see cref="RunDecision"/>; local to a decision, so deciding stays a pure function.</summary>
internal sealed class DecisionBuilder(RunContext context, RunState state) : DecisionBuilderBase<DecisionBuilder, RunState, RunEffect>(state)
{
    private readonly List<IRunEvent> _events = [];

    public RunContext Context => context;

    public string RunId => context.RunId;

    /// <summary>The journalled type once the run committed to it, else the one it was started with.</summary>
    public BackupType Type => State.Type ?? context.Type;

    public DecisionBuilder Persist(IRunEvent e)
    {
        _events.Add(e);
        State = State.Apply(e);
        return this;
    }

    public DecisionBuilder Log(LogLevel level, string message, Exception? cause = null) => Do(new Log(level, message, cause));

    public DecisionBuilder Enter(RunPhase phase, TimeSpan now) => With(s => s.Enter(phase, now));

    /// <summary>Logs a failure and records it: the first is the run's error, later ones are appended to it.</summary>
    public DecisionBuilder Fail(RunPhase phase, Exception? cause, string summary)
    {
        var message = cause is null ? summary : $"{summary}: {cause.Message}";
        Log(LogLevel.ErrorLevel, $"Run {RunId}: {message}", cause);
        return With(s => s.Fail(phase, message, cause?.ToString()));
    }

    public RunDecision Build() => new(State, _events, Effects);
}
