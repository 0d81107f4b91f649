namespace ContentFlows.Api.Runs;

/// <summary>A run in the console's list: what a row shows, including its definition's name and what its LLM calls cost so far.</summary>
internal sealed record RunSearchItem(
    Guid Id,
    Guid DefinitionId,
    string DefinitionName,
    int DefinitionVersion,
    string Topic,
    string Language,
    RunState State,
    string? StateReason,
    decimal Cost,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
