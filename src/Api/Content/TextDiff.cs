using System.Text.RegularExpressions;

namespace ContentFlows.Api.Content;

/// <summary>
/// Line-then-word diff of two texts: lines are matched first (Myers' O((N+M)D) algorithm), then the words of each block
/// of changed lines, so a reviewer sees which words of a paragraph changed rather than the whole paragraph twice.
/// The work is linear in the texts' size: a size cap (<see cref="MaxComparedLength"/>), a cap on edits and a budget
/// of token comparisons per search, beyond which a block is reported as deleted and inserted whole.
/// </summary>
internal static partial class TextDiff
{
    /// <summary>
    /// The most edits one comparison looks for; beyond it the block is reported as deleted and inserted whole. Bounds
    /// the work and memory (the trace grows with the square of the edits) of a diff of two unrelated long texts.
    /// </summary>
    public const int MaxEdits = 1_000;

    /// <summary>
    /// The most characters (both texts together) compared at all; longer texts are reported as replaced whole, so a
    /// reviewer's multi-megabyte edit costs a copy, not a search.
    /// </summary>
    public const int MaxComparedLength = 256 * 1024;

    /// <summary>The most token comparisons one edit-script search makes; bounds the (N+M)·D term to a constant.</summary>
    public const int MaxComparisons = 4_000_000;

    /// <summary>Whether the texts are small enough to be compared (otherwise <see cref="Compute"/> replaces whole).</summary>
    public static bool Compares(string? before, string? after) => (long)(before?.Length ?? 0) + (after?.Length ?? 0) <= MaxComparedLength;

    /// <summary>Returns the operations turning <paramref name="before"/> into <paramref name="after"/>, adjacent ones of a kind merged.</summary>
    public static IReadOnlyList<DiffOperation> Compute(string? before, string? after)
    {
        var result = new List<DiffOperation>();
        if (!Compares(before, after))
        {
            Append(result, DiffOperationKind.Delete, before ?? string.Empty);
            Append(result, DiffOperationKind.Insert, after ?? string.Empty);
            return result;
        }

        var lines = Diff(SplitLines(before ?? string.Empty), SplitLines(after ?? string.Empty));
        var deleted = new List<string>();
        var inserted = new List<string>();
        foreach (var (op, text) in lines)
        {
            switch (op)
            {
                case DiffOperationKind.Delete:
                    deleted.Add(text);
                    break;
                case DiffOperationKind.Insert:
                    inserted.Add(text);
                    break;
                default:
                    FlushChangedLines(deleted, inserted, result);
                    Append(result, op, text);
                    break;
            }
        }

        FlushChangedLines(deleted, inserted, result);
        return result;
    }

    // A block of changed lines: when lines went and others came, the words tell what changed inside them.
    private static void FlushChangedLines(List<string> deleted, List<string> inserted, List<DiffOperation> result)
    {
        if (deleted.Count > 0 && inserted.Count > 0)
        {
            foreach (var (op, text) in Diff(Words(string.Concat(deleted)), Words(string.Concat(inserted))))
            {
                Append(result, op, text);
            }
        }
        else
        {
            deleted.ForEach(text => Append(result, DiffOperationKind.Delete, text));
            inserted.ForEach(text => Append(result, DiffOperationKind.Insert, text));
        }

        deleted.Clear();
        inserted.Clear();
    }

    private static void Append(List<DiffOperation> result, DiffOperationKind op, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (result.Count > 0 && result[^1].Op == op)
        {
            result[^1] = result[^1] with { Text = result[^1].Text + text };
        }
        else
        {
            result.Add(new DiffOperation(op, text));
        }
    }

    // Lines with their line break, so the operations concatenate back to the exact text.
    private static string[] SplitLines(string text) => [.. LinePattern().Matches(text).Select(m => m.Value)];

    // Words, runs of whitespace, and single punctuation marks, so "router." and "router!" share the word.
    private static string[] Words(string text) => [.. WordPattern().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"[^\n]*\n|[^\n]+$")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"\w+|\s+|[^\w\s]")]
    private static partial Regex WordPattern();

    /// <summary>Myers' greedy shortest edit script between two token lists, common prefix and suffix first set aside.</summary>
    private static List<(DiffOperationKind Op, string Text)> Diff(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && string.Equals(a[prefix], b[prefix], StringComparison.Ordinal))
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && string.Equals(a[^(suffix + 1)], b[^(suffix + 1)], StringComparison.Ordinal))
        {
            suffix++;
        }

        var ops = new List<(DiffOperationKind, string)>();
        ops.AddRange(a.Take(prefix).Select(t => (DiffOperationKind.Equal, t)));
        var middleA = a[prefix..(a.Length - suffix)];
        var middleB = b[prefix..(b.Length - suffix)];
        ops.AddRange(ShortestEditScript(middleA, middleB)
            ?? [.. middleA.Select(t => (DiffOperationKind.Delete, t)), .. middleB.Select(t => (DiffOperationKind.Insert, t))]);
        ops.AddRange(a.Skip(a.Length - suffix).Select(t => (DiffOperationKind.Equal, t)));
        return ops;
    }

    // Null when more than MaxEdits edits or MaxComparisons comparisons would be needed.
    private static List<(DiffOperationKind, string)>? ShortestEditScript(string[] a, string[] b)
    {
        int n = a.Length, m = b.Length;
        var limit = Math.Min(n + m, MaxEdits);
        var offset = limit + 1;
        var v = new int[(2 * limit) + 3];

        // trace[d] holds v[-d..d] as it was after step d, for the walk back.
        var trace = new List<int[]>();
        var comparisons = 0L;
        for (var d = 0; d <= limit; d++)
        {
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                var y = x - k;
                var snakeStart = x;
                while (x < n && y < m && string.Equals(a[x], b[y], StringComparison.Ordinal))
                {
                    x++;
                    y++;
                }

                // Each snake costs its length plus the failed comparison that ends it.
                comparisons += x - snakeStart + 1;
                v[offset + k] = x;
            }

            if (comparisons > MaxComparisons)
            {
                return null;
            }

            trace.Add(v[(offset - d)..(offset + d + 1)]);
            if (Math.Abs(n - m) <= d && (n - m - d) % 2 == 0 && v[offset + n - m] >= n)
            {
                return Backtrack(a, b, trace);
            }
        }

        return null;
    }

    private static List<(DiffOperationKind, string)> Backtrack(string[] a, string[] b, List<int[]> trace)
    {
        var ops = new List<(DiffOperationKind, string)>();
        int x = a.Length, y = b.Length;
        for (var d = trace.Count - 1; d > 0; d--)
        {
            var previous = trace[d - 1];
            int At(int k) => previous[k + d - 1];
            var k = x - y;
            var down = k == -d || (k != d && At(k - 1) < At(k + 1));
            var previousK = down ? k + 1 : k - 1;
            var previousX = At(previousK);
            var previousY = previousX - previousK;
            while (x > previousX && y > previousY)
            {
                ops.Add((DiffOperationKind.Equal, a[--x]));
                y--;
            }

            ops.Add(down ? (DiffOperationKind.Insert, b[--y]) : (DiffOperationKind.Delete, a[--x]));
        }

        while (x > 0)
        {
            ops.Add((DiffOperationKind.Equal, a[--x]));
        }

        ops.Reverse();
        return ops;
    }
}
