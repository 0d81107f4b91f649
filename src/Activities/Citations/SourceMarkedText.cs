using System.Text;
using System.Text.RegularExpressions;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Citations;

/// <summary>
/// Moves source markers between the text a model writes ("Battery backup lasts 6 hours [S3].") and what is stored:
/// clean fields plus a claim → source list. Stored fields stay clean because they are what reviewers edit and what
/// channels publish: a content team wants readers to see prose, not the pipeline's [S3] bookkeeping, while the claim
/// list keeps every citation with the version for reviewers and the gates.
/// </summary>
public static partial class SourceMarkedText
{
    /// <summary>Splits text written with markers into clean fields and the claims the markers tie to sources.</summary>
    public static (ContentFields Clean, IReadOnlyList<SourceClaim> Claims) Split(ContentFields marked)
    {
        ArgumentNullException.ThrowIfNull(marked);
        var claims = new List<SourceClaim>();
        string Clean(string field, string? text)
        {
            var (clean, fieldClaims) = SplitText(field, text ?? string.Empty);
            claims.AddRange(fieldClaims);
            return clean;
        }

        var fields = new ContentFields(
            Clean("title", marked.Title),
            Clean("metaDescription", marked.MetaDescription),
            Clean("h1", marked.H1),
            Clean("body", marked.Body),
            Clean("cta", marked.Cta))
        {
            Variants = marked.Variants.Select((v, i) => v with { Text = Clean($"variants[{i}]", v.Text) }).ToList(),
        };
        return (fields, claims);
    }

    /// <summary>Puts the markers of <paramref name="claims"/> back after their sentences, so a rewrite sees (and keeps) its citations.</summary>
    public static ContentFields Mark(ContentFields clean, IReadOnlyList<SourceClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(claims);
        string Marked(string field, string text) => MarkText(text, claims.Where(c => c.Field == field));
        return new ContentFields(
            Marked("title", clean.Title),
            Marked("metaDescription", clean.MetaDescription),
            Marked("h1", clean.H1),
            Marked("body", clean.Body),
            Marked("cta", clean.Cta))
        {
            Variants = clean.Variants.Select((v, i) => v with { Text = Marked($"variants[{i}]", v.Text) }).ToList(),
        };
    }

    private static (string Clean, IReadOnlyList<SourceClaim> Claims) SplitText(string field, string text)
    {
        var clean = new StringBuilder(text.Length);
        var marks = new List<(int Position, IReadOnlyList<string> Markers)>();
        var last = 0;
        foreach (Match match in MarkerPattern().Matches(text))
        {
            clean.Append(text, last, match.Index - last);
            marks.Add((clean.Length, match.Groups["markers"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
            last = match.Index + match.Length;
        }

        clean.Append(text, last, text.Length - last);
        var cleanText = clean.ToString();
        if (marks.Count == 0)
        {
            return (cleanText, []);
        }

        // A marker belongs to the sentence it ends: the last one starting before it ("... 6 hours [S3]." and "... 6 hours. [S3]").
        var sentences = Sentences(cleanText);
        var order = new List<string>();
        var markersByClaim = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (position, markers) in marks.Where(_ => sentences.Count > 0))
        {
            // A marker before any text belongs to the first sentence.
            var claim = sentences[Math.Max(0, sentences.FindLastIndex(s => s.Start < position))].Text;
            if (!markersByClaim.TryGetValue(claim, out var cited))
            {
                cited = [];
                markersByClaim.Add(claim, cited);
                order.Add(claim);
            }

            cited.AddRange(markers.Where(m => !cited.Contains(m, StringComparer.Ordinal)));
        }

        return (cleanText, order.Select(claim => new SourceClaim(field, claim, markersByClaim[claim])).ToList());
    }

    private static string MarkText(string text, IEnumerable<SourceClaim> claims)
    {
        var insertions = new List<(int Position, string Marker)>();
        foreach (var claim in claims)
        {
            var at = text.IndexOf(claim.Claim, StringComparison.Ordinal);
            if (at < 0 || claim.Markers.Count == 0)
            {
                continue;
            }

            // Inside the sentence's closing punctuation, where writers put citations.
            var end = at + claim.Claim.Length;
            var position = claim.Claim[^1] is '.' or '!' or '?' ? end - 1 : end;
            insertions.Add((position, $" [{string.Join(", ", claim.Markers)}]"));
        }

        var marked = new StringBuilder(text);
        foreach (var (position, marker) in insertions.OrderByDescending(i => i.Position))
        {
            marked.Insert(position, marker);
        }

        return marked.ToString();
    }

    private static List<(int Start, string Text)> Sentences(string text)
    {
        var sentences = new List<(int Start, string Text)>();
        var start = 0;
        void Add(int end)
        {
            var raw = text[start..end];
            var trimmed = raw.Trim();
            if (trimmed.Length > 0)
            {
                sentences.Add((start + raw.IndexOf(trimmed[0], StringComparison.Ordinal), trimmed));
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            // A full stop ends a sentence only before whitespace or the end, so "12.5" stays whole; a paragraph break always does.
            var endsSentence = text[i] is '.' or '!' or '?' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]));
            if (endsSentence || text[i] == '\n')
            {
                Add(endsSentence ? i + 1 : i);
                start = i + 1;
            }
        }

        Add(text.Length);
        return sentences;
    }

    // "[S1]", "[S1, S3]"; spaces (not line breaks) before it go with it, so paragraphs survive.
    [GeneratedRegex(@"[ \t]*\[(?<markers>S\d+(?:\s*,\s*S\d+)*)\]")]
    private static partial Regex MarkerPattern();
}
