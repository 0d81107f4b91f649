using ContentFlows.Activities.Runs;

namespace ContentFlows.Api.Runs;

/// <summary>A run in a list: enough to pick one; GET /api/runs/{id} has the rest.</summary>
internal sealed record RunSummary(
    Guid Id,
    Guid DefinitionId,
    int DefinitionVersion,
    string WorkflowId,
    string Topic,
    string Language,
    RunState State,
    string? StateReason,
    int? CurrentVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static RunSummary From(PipelineRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new(run.Id, run.DefinitionId, run.DefinitionVersion, run.WorkflowId, run.Brief.Topic, run.Brief.Language, RunStates.Of(run), run.StateReason, run.CurrentVersion, run.CreatedAt, run.UpdatedAt);
    }
}
