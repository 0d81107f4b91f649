namespace ContentFlows.Workflows.Pipelines;

/// <summary>A source the research stage reads: an inline text, a file on the worker, or a URL.</summary>
/// <param name="Kind">What <paramref name="Value"/> is.</param>
/// <param name="Value">The text itself, the file path (relative to the worker's source folder), or the absolute http(s) URL.</param>
/// <param name="Title">A human name for the source index; defaults to the location.</param>
public sealed record BriefSource(BriefSourceKind Kind, string Value, string? Title = null);
