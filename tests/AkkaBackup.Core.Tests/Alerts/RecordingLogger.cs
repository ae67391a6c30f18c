using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AkkaBackup.Core.Tests.Alerts;

public sealed record LogEntry(LogLevel Level, string Message);

/// <summary>Keeps every rendered log line, exception text included, so tests can read what an operator would.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => _entries.ToList();

    public IEnumerable<LogEntry> At(LogLevel level) => _entries.Where(e => e.Level == level);

    /// <summary>The messages at <paramref name="level"/> that contain <paramref name="text"/>.</summary>
    public IEnumerable<string> At(LogLevel level, string text) =>
        At(level).Select(e => e.Message).Where(m => m.Contains(text, StringComparison.Ordinal));

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue(new LogEntry(logLevel, formatter(state, exception) + (exception is null ? "" : "\n" + exception)));
}
