namespace ContentFlows.Api.Definitions;

/// <summary>A page of definitions; pass <see cref="NextCursor"/> as ?cursor= for the next page (null on the last).</summary>
internal sealed record DefinitionPage(IReadOnlyList<DefinitionResponse> Items, string? NextCursor);
