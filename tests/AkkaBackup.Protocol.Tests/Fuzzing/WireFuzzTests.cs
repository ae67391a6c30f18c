using System.Runtime.Serialization;
using Akka.Actor;
using AkkaBackup.Protocol.DataPlane;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Protocol.Serialization;
using AkkaBackup.TestSupport.Fuzzing;
using static AkkaBackup.Protocol.Messages.ConsoleProtocol;
using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Protocol.Tests.Fuzzing;

/// <summary>
/// Seeded mutation fuzz of every decoder that reads bytes a peer sent: the control-plane and console
/// serializers (plain and transport-stamped) and the data-plane frames. A mutant decodes or is refused with the
/// decoder's documented exception, and never makes it allocate far beyond its input.
/// </summary>
public sealed class WireFuzzTests : IDisposable
{
    private static readonly ArchiveDescription Description = new(
        "db-host", "db1", "main", "10.11.19-MariaDB", "/var/lib/mysql", 4_400_000_000, 812, "zip/deflate",
        DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_000), [new PhaseTiming("Preflight", 120)], "run", "full", "all", new Placement("f", "{server}.zip", "UTC"));

    private static readonly IProtocolMessage[] ProtocolSamples =
    [
        new CheckReceiver(123), new ReceiverChecked(true, 1, "why", "0.1.0"), new OpenTransfer("db1", "main", 5, 65536, "run", "20261124120000-0123456789abcdef"),
        new WaitForAdmission("run", 3, 2, "full"), new TransferOpened("t", 4054), new TransferRefused("no"),
        new CompleteTransfer("t", 1, 1, new string('a', 64), Description), new TransferCompleted("t", "n", "p", 1, "s"), new TransferFailed("t", "r"),
        new AbortTransfer("t", "r"), new ResumeTransfer("t"), new TransferResumed("t", 4054, 65536, [1, 2, 3], 0), new TransferVerifying("t"), new TransferUnknown("t", "r"),
        new TransferAborted("t"),
    ];

    private static readonly IConsoleMessage[] ConsoleSamples =
    [
        ConsoleHello.Instance, new ConsoleWelcome("0.1.0"), new ConsoleRequest(["node", "status", "--json"], "id", 1, "db1", [1, 2, 3], [4, 5]),
        new ConsoleOutput("text", true), new ConsoleDone(3),
    ];

    private static readonly Type[] Refusals = [typeof(SerializationException)];

    private readonly ActorSystem _system = ActorSystem.Create("fuzz");

    public static TheoryData<int> Seeds() => [.. Fuzz.Seeds];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_protocol_serializer_refuses_mutants_with_a_SerializationException_only(int seed)
    {
        var serializer = new ProtocolSerializer((ExtendedActorSystem)_system);
        foreach (var message in ProtocolSamples)
        {
            var manifest = serializer.Manifest(message);
            var bytes = serializer.ToBinary(message);
            Fuzz.Run(seed, [bytes], b => serializer.FromBinary(b, manifest), Refusals, Limit, Fuzz.Cases / ProtocolSamples.Length);
            Fuzz.Run(seed, [PeerStamp.Stamp("client-1", bytes)], b => serializer.FromBinary(b, PeerStamp.Manifest(manifest)), Refusals, Limit, Fuzz.Cases / ProtocolSamples.Length);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_console_serializer_refuses_mutants_with_a_SerializationException_only(int seed)
    {
        var serializer = new ConsoleSerializer((ExtendedActorSystem)_system);
        foreach (var message in ConsoleSamples)
        {
            var manifest = serializer.Manifest(message);
            var bytes = serializer.ToBinary(message);
            Fuzz.Run(seed, [bytes], b => serializer.FromBinary(b, manifest), Refusals, Limit, Fuzz.Cases / ConsoleSamples.Length);
            Fuzz.Run(seed, [PeerStamp.Stamp("console", bytes)], b => serializer.FromBinary(b, PeerStamp.Manifest(manifest)), Refusals, Limit, Fuzz.Cases / ConsoleSamples.Length);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Data_plane_frames_are_refused_with_InvalidData_or_EndOfStream_only_and_never_allocate_past_the_chunk_limit(int seed)
    {
        const int maxChunk = 64 * 1024;
        var stream = new MemoryStream();
        foreach (var frame in new DataFrame[]
                 {
                     new Hello(Hello.CurrentVersion, "20261124120000-0123456789abcdef"), new HelloAccepted(65536), new HelloRefused("no"), new ChunkAck(1),
                     new ChunkNack(2, "bad"), new StoreFull(3, "/srv", 10), Ping.Instance, new ChunkFrame(0, 0, 100, 42, new byte[100]),
                 })
        {
            await DataFrameCodec.WriteAsync(stream, frame, CancellationToken.None);
        }

        await Fuzz.RunAsync(seed, [stream.ToArray()], async bytes =>
        {
            using var input = new MemoryStream(bytes);
            while (await DataFrameCodec.ReadAsync(input, maxChunk, CancellationToken.None) is { } frame)
            {
                DataFrameCodec.Release(frame);
            }
        }, [typeof(InvalidDataException), typeof(EndOfStreamException)], input => 4L * maxChunk + 16L * input.Length + 256 * 1024);
    }

    /// <summary>What decoding may allocate: a few times the input (strings are decoded from it), plus fixed overhead.</summary>
    private static long Limit(byte[] input) => 16L * input.Length + 64 * 1024;

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
