namespace ContentFlows.Api.Content;

/// <summary>One field that differs between two versions: its text in each and the operations from one to the other.</summary>
/// <param name="Field">The field's JSON name: title, metaDescription, h1, body or cta.</param>
/// <param name="Before">The text in the "from" version.</param>
/// <param name="After">The text in the "to" version.</param>
/// <param name="Operations">Line-then-word operations turning <paramref name="Before"/> into <paramref name="After"/>.</param>
/// <param name="Note">Why the operations replace the text whole instead of comparing it (too large to compare); null otherwise.</param>
internal sealed record ContentFieldDiff(string Field, string? Before, string After, IReadOnlyList<DiffOperation> Operations, string? Note = null);
