namespace AkkaBackup.Core.Configuration;

/// <summary>How far apart two keys are, to name the one a misspelt key most likely meant.</summary>
public static class EditDistance
{
    /// <summary>
    /// Damerau-Levenshtein distance (optimal string alignment): insertions, deletions, substitutions and swaps of
    /// two neighbouring characters each cost 1, so <c>stop-timout</c> is 1 from <c>stop-timeout</c> and
    /// <c>recevier</c> 1 from <c>receiver</c>.
    /// </summary>
    public static int Between(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>Whether <paramref name="candidate"/> is close enough to <paramref name="word"/> to be what was meant: a third of its length, at least 1.</summary>
    public static bool IsClose(string word, string candidate) =>
        Between(word, candidate) <= Math.Max(1, word.Length / 3);
}
