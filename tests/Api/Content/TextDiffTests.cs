using ContentFlows.Api.Content;

namespace ContentFlows.Api.Tests.Content;

public sealed class TextDiffTests
{
    [Fact]
    public void Compute_OneWordChangedInOneParagraph_OnlyThatWordDeletedAndInserted()
    {
        const string before = "Fast setup.\n\nThe router covers 120 square metres.\n\nOrder today.";
        const string after = "Fast setup.\n\nThe router covers 150 square metres.\n\nOrder today.";

        var ops = TextDiff.Compute(before, after);

        Assert.Equal(
            [
                new DiffOperation(DiffOperationKind.Equal, "Fast setup.\n\nThe router covers "),
                new DiffOperation(DiffOperationKind.Delete, "120"),
                new DiffOperation(DiffOperationKind.Insert, "150"),
                new DiffOperation(DiffOperationKind.Equal, " square metres.\n\nOrder today."),
            ],
            ops);
    }

    [Fact]
    public void Compute_ParagraphAddedAndAnotherRemoved_WholeLinesInsertedAndDeleted()
    {
        var ops = TextDiff.Compute("Intro.\nOld line.\nOutro.\n", "Intro.\nOutro.\nNew closing line.");

        Assert.Equal(
            [
                new DiffOperation(DiffOperationKind.Equal, "Intro.\n"),
                new DiffOperation(DiffOperationKind.Delete, "Old line.\n"),
                new DiffOperation(DiffOperationKind.Equal, "Outro.\n"),
                new DiffOperation(DiffOperationKind.Insert, "New closing line."),
            ],
            ops);
    }

    [Fact]
    public void Compute_NoEarlierText_OneInsert()
    {
        Assert.Equal([new DiffOperation(DiffOperationKind.Insert, "Title")], TextDiff.Compute(null, "Title"));
        Assert.Empty(TextDiff.Compute(string.Empty, string.Empty));
        Assert.Equal([new DiffOperation(DiffOperationKind.Equal, "Same\ntext")], TextDiff.Compute("Same\ntext", "Same\ntext"));
    }

    [Fact]
    public void Compute_RandomEdits_OperationsRebuildBothTextsWithoutEmptyOrAdjacentRepeats()
    {
        // Fixed seed: the same texts every run, many shapes of edit (words, punctuation, line breaks, blocks).
        var random = new Random(20240601);
        string[] vocabulary = ["mesh", "router", "wifi", " ", " ", "\n", "\n\n", ".", ",", "covers", "120", "rooms", "fast"];
        for (var round = 0; round < 300; round++)
        {
            var before = string.Concat(Enumerable.Range(0, random.Next(0, 60)).Select(_ => vocabulary[random.Next(vocabulary.Length)]));
            var after = Mutate(before, random, vocabulary);

            var ops = TextDiff.Compute(before, after);

            Assert.Equal(before, string.Concat(ops.Where(o => o.Op != DiffOperationKind.Insert).Select(o => o.Text)));
            Assert.Equal(after, string.Concat(ops.Where(o => o.Op != DiffOperationKind.Delete).Select(o => o.Text)));
            Assert.All(ops, o => Assert.NotEmpty(o.Text));
            Assert.All(ops.Zip(ops.Skip(1)), pair => Assert.NotEqual(pair.First.Op, pair.Second.Op));
        }
    }

    [Fact]
    public void Compute_UnrelatedLongTexts_FallsBackToWholeDeleteAndInsertAndStillRebuildsBoth()
    {
        // More edits than TextDiff.MaxEdits: reported whole instead of searched for.
        var before = string.Join(' ', Enumerable.Range(0, 3_000).Select(i => $"a{i}"));
        var after = string.Join(' ', Enumerable.Range(0, 3_000).Select(i => $"b{i}"));

        var ops = TextDiff.Compute(before, after);

        Assert.Equal(before, string.Concat(ops.Where(o => o.Op != DiffOperationKind.Insert).Select(o => o.Text)));
        Assert.Equal(after, string.Concat(ops.Where(o => o.Op != DiffOperationKind.Delete).Select(o => o.Text)));
        Assert.True(ops.Count <= 3, $"expected a whole-text fallback, got {ops.Count} operations");
    }

    [Theory]
    [InlineData(700_000)] // ~2 MB each: above TextDiff.MaxComparedLength, replaced whole.
    [InlineData(40_000)] // ~240 KB together: compared, within the comparison budget.
    public async Task Compute_ReviewerEditOfALongTextWithScatteredChanges_FinishesWithinTheDeadlineAndRebuildsBoth(int words)
    {
        // One long line of one repeated word (so the word diff sees all of it, and every diagonal of the search has
        // long common runs) with 495 words changed, spread evenly: 990 edits, just under MaxEdits. The worst case
        // for an O((N+M)·D) search.
        var before = string.Join(' ', Enumerable.Repeat("la", words));
        var after = string.Join(' ', Enumerable.Range(0, words).Select(i => i % (words / 495) == 200 ? "LA" : "la"));

        var ops = await Task.Run(() => TextDiff.Compute(before, after)).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(before, string.Concat(ops.Where(o => o.Op != DiffOperationKind.Insert).Select(o => o.Text)));
        Assert.Equal(after, string.Concat(ops.Where(o => o.Op != DiffOperationKind.Delete).Select(o => o.Text)));
        Assert.True(TextDiff.Compares(before, after) || ops.Count == 2, "texts above the cap are replaced whole");
    }

    private static string Mutate(string text, Random random, string[] vocabulary)
    {
        var chars = text.ToList();
        for (var edit = random.Next(0, 6); edit > 0; edit--)
        {
            var at = random.Next(0, chars.Count + 1);
            if (random.Next(2) == 0 && at < chars.Count)
            {
                chars.RemoveRange(at, Math.Min(chars.Count - at, random.Next(1, 8)));
            }
            else
            {
                chars.InsertRange(at, vocabulary[random.Next(vocabulary.Length)]);
            }
        }

        return new string([.. chars]);
    }
}
