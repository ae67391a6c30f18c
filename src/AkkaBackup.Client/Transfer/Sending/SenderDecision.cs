using Akka.Event;
using AkkaBackup.Client.Configuration;
using AkkaBackup.Client.Machines;
using static AkkaBackup.Client.Transfer.Sending.SenderEffects;

namespace AkkaBackup.Client.Transfer.Sending;

/// <summary>What does not change while a sender runs and its decisions depend on.</summary>
/// <param name="StallRestartAfter">No progress for this long on a sealed archive: the parent hears of it (and starts the server).</param>
/// <param name="TransferStallTimeout">No acknowledgement for this long while chunks wait: the session is closed and retried.</param>
public sealed record SenderContext(string ArchivePath, RetryPolicy Retry, TimeSpan StallRestartAfter, TimeSpan TransferStallTimeout)
{
    public static SenderContext From(ClientSettings settings, string archivePath) =>
        new(archivePath, settings.Retry, settings.StallRestartAfter, settings.TransferStallTimeout);
}

/// <summary>The outcome of one input: the state after it and the effects to carry out, in order.</summary>
public sealed record SenderDecision(SenderState State, IReadOnlyList<SenderEffect> Effects);

/// <summary>
/// Builds one <see cref="SenderDecision"/>; local to a decision, so deciding stays a pure function. Carries the
/// decision's <see cref="Now"/> and <see cref="Jitter"/>: the machine reads no clock and draws no random number.
/// </summary>
internal sealed class SenderDecisionBuilder(SenderContext context, SenderState state, TimeSpan now, double jitter)
    : DecisionBuilderBase<SenderDecisionBuilder, SenderState, SenderEffect>(state)
{
    public SenderContext Context => context;

    public TimeSpan Now => now;

    public double Jitter => jitter;

    public SenderPhase Phase => State.Phase;

    public SenderDecisionBuilder Log(LogLevel level, string message) => Do(new Log(level, message));

    public SenderDecisionBuilder Warn(string message) => Log(LogLevel.WarningLevel, $"Transfer {State.TransferId}: {message}");

    public SenderDecision Build() => new(State, Effects);
}
