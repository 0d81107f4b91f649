namespace ContentFlows.Api.Runs;

/// <summary>What to produce, as sent; checked field by field before it becomes a <c>ContentBrief</c>.</summary>
internal sealed record BriefRequest(string? Topic, string? Audience, string? Channel, string? Language, IReadOnlyList<string>? Keywords, string? SourceText);
