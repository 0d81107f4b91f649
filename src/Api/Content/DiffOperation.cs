namespace ContentFlows.Api.Content;

/// <summary>
/// One run of text in a field diff. Concatenating the equal and delete texts in order gives the earlier version; the
/// equal and insert texts give the later one.
/// </summary>
/// <param name="Op">equal, insert or delete.</param>
/// <param name="Text">The text, whitespace and line breaks included.</param>
internal sealed record DiffOperation(DiffOperationKind Op, string Text);
