using System.Text;
using Akka.Actor;
using static AkkaBackup.Protocol.Messages.ConsoleProtocol;

namespace AkkaBackup.Node.Operator;

/// <summary>A text writer whose text goes to the console on every <see cref="Flush"/>, in pieces the wire takes.</summary>
public sealed class ConsoleWriter(IActorRef console, bool error) : StringWriter
{
    public override void Flush()
    {
        var text = GetStringBuilder();
        for (var start = 0; start < text.Length; start += MaxPieceChars)
        {
            console.Tell(new ConsoleOutput(text.ToString(start, Math.Min(MaxPieceChars, text.Length - start)), error));
        }

        text.Clear();
    }

    public override Encoding Encoding => Encoding.UTF8;
}
