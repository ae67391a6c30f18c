namespace AkkaBackup.EndToEnd.Tests;

/// <summary>
/// A file under the scenario's root that a stop or start command waits for: the run stays in StoppingServer
/// (or StartingServer) until the test opens the gate, however long the <c>abk</c> processes it launches inside
/// that window take to start on a loaded machine. A fixed <c>sleep</c> there was a race the test could lose.
/// The wait counts against the instance's stop-timeout (start-timeout), so a test opens the gate as soon as it
/// has done what had to happen inside the window.
/// </summary>
public sealed class CommandGate(BackupEnvironment env, string name)
{
    public string Path { get; } = System.IO.Path.Combine(env.Root, $"gate-{name}-{Guid.NewGuid():N}");

    /// <summary><paramref name="command"/> once the gate is open; it stays open for every later run.</summary>
    public string Before(string command) => $"while [ ! -e {Path} ]; do sleep 0.1; done; {command}";

    /// <summary><paramref name="command"/> once the gate is open; the command closes it behind itself, so each run waits for its own <see cref="Open"/>.</summary>
    public string EachTimeBefore(string command) => $"while [ ! -e {Path} ]; do sleep 0.1; done; rm -f {Path}; {command}";

    /// <summary>Lets the waiting (or the next) command go on; opening an open gate changes nothing.</summary>
    public void Open() => File.Create(Path).Dispose();
}
