namespace AkkaBackup.TestSupport.Fuzzing;

/// <summary>
/// Seeded mutations of valid inputs, the way a peer that lies or a disk that rots would change them: flipped bits,
/// boundary bytes, lengths set to extremes, cuts, insertions, deletions and repeats. Same seed, same cases.
/// </summary>
public sealed class Mutator(int seed)
{
    private static readonly int[] Extremes = [0, 1, -1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, int.MaxValue, int.MinValue, 0x7FFFFFF0, 65 * 1024, 1 << 20];

    private readonly Random _random = new(seed);

    /// <summary><paramref name="count"/> mutants, each of a randomly chosen seed input, with one to four mutations.</summary>
    public IEnumerable<byte[]> Cases(IReadOnlyList<byte[]> inputs, int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Mutate(inputs[_random.Next(inputs.Count)]);
        }
    }

    public byte[] Mutate(byte[] input)
    {
        var bytes = input.ToList();
        for (var n = 1 + _random.Next(4); n > 0; n--)
        {
            MutateOnce(bytes);
        }

        return [.. bytes];
    }

    private void MutateOnce(List<byte> bytes)
    {
        var at = bytes.Count == 0 ? 0 : _random.Next(bytes.Count);
        switch (_random.Next(8))
        {
            case 0 when bytes.Count > 0:
                bytes[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when bytes.Count > 0:
                bytes[at] = (byte)Extremes[_random.Next(Extremes.Length)];
                break;
            case 2 when bytes.Count >= 4:
                var value = BitConverter.GetBytes(Extremes[_random.Next(Extremes.Length)]);
                if (_random.Next(2) == 0)
                {
                    Array.Reverse(value);
                }

                var start = Math.Min(at, bytes.Count - 4);
                for (var i = 0; i < 4; i++)
                {
                    bytes[start + i] = value[i];
                }

                break;
            case 3:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 4:
                var insert = new byte[1 + _random.Next(16)];
                _random.NextBytes(insert);
                bytes.InsertRange(at, insert);
                break;
            case 5 when bytes.Count > 0:
                bytes.RemoveRange(at, Math.Min(1 + _random.Next(16), bytes.Count - at));
                break;
            case 6 when bytes.Count > 0:
                var length = Math.Min(1 + _random.Next(32), bytes.Count - at);
                bytes.InsertRange(at, bytes.GetRange(at, length));
                break;
            default:
                bytes.Add((byte)_random.Next(256));
                break;
        }
    }
}
