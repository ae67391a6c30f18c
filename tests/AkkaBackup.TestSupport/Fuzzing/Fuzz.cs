namespace AkkaBackup.TestSupport.Fuzzing;

/// <summary>
/// Runs a decoder over seeded mutants of valid inputs: each case must either decode or fail with one of the
/// decoder's documented exception types, and allocate no more than the decoder's limit. A failure names the
/// seed and the case, so it reproduces.
/// </summary>
public static class Fuzz
{
    public const int Cases = 3000;

    /// <summary>The seeds every fuzz test runs with: fixed, so CI runs the same cases every time.</summary>
    public static readonly int[] Seeds = [1, 7, 42, 2026, 31337];

    public static void Run(int seed, IReadOnlyList<byte[]> inputs, Action<byte[]> decode, IReadOnlyCollection<Type> documented, Func<byte[], long> allocationLimit, int cases = Cases) =>
        RunAsync(seed, inputs, input =>
        {
            decode(input);
            return Task.CompletedTask;
        }, documented, allocationLimit, cases).GetAwaiter().GetResult();

    /// <summary>
    /// As <see cref="Run"/>, for a decoder that reads a stream; give it one that completes synchronously (a
    /// MemoryStream), so the allocations counted are the decoder's own, on this thread.
    /// </summary>
    public static async Task RunAsync(int seed, IReadOnlyList<byte[]> inputs, Func<byte[], Task> decode, IReadOnlyCollection<Type> documented, Func<byte[], long> allocationLimit, int cases = Cases)
    {
        var index = 0;
        foreach (var input in new Mutator(seed).Cases(inputs, cases))
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                await decode(input);
            }
            catch (Exception e) when (!documented.Contains(e.GetType()))
            {
                throw new FuzzFailure($"seed {seed}, case {index}: {e.GetType().Name}: {e.Message}\ninput: {Hex(input)}\n{e}");
            }
            catch (Exception)
            {
                // A documented refusal: what a hostile input should get.
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > allocationLimit(input))
            {
                throw new FuzzFailure($"seed {seed}, case {index}: allocated {allocated:N0} bytes for {input.Length:N0} bytes of input (limit {allocationLimit(input):N0})\ninput: {Hex(input)}");
            }

            index++;
        }
    }

    /// <summary>The input as hex, cut to its first 512 bytes (the seed and case index reproduce the rest).</summary>
    private static string Hex(byte[] input) =>
        input.Length <= 512 ? Convert.ToHexString(input) : $"{Convert.ToHexString(input, 0, 512)}… ({input.Length:N0} bytes)";
}

/// <summary>A fuzz case that broke the decoder's contract.</summary>
public sealed class FuzzFailure(string message) : Exception(message);
