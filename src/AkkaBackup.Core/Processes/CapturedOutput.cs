using System.Text;

namespace AkkaBackup.Core.Processes;

/// <summary>The lines of stdout and stderr in the order they arrived, within an <see cref="OutputLimit"/>; safe to add to from both pipes at once.</summary>
internal sealed class CapturedOutput(OutputLimit limit)
{
    private readonly StringBuilder _text = new();

    public void Add(string line)
    {
        lock (_text)
        {
            if (limit.KeepEnd)
            {
                _text.Append(line).Append('\n');
                if (_text.Length > limit.Characters)
                {
                    _text.Remove(0, _text.Length - limit.Characters);
                }
            }
            else if (_text.Length < limit.Characters)
            {
                _text.Append(line).Append('\n');
            }
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}
