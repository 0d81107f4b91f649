using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>A child workflow the run initiated and that has not closed (as far as the parent knows).</summary>
internal sealed class PendingChild
{
    public required long InitiatedEventId { get; init; }

    public required string Namespace { get; init; }

    public required string WorkflowId { get; init; }

    public required string WorkflowTypeName { get; init; }

    public required ParentClosePolicy ParentClosePolicy { get; init; }

    public string RunId { get; set; } = string.Empty;

    public long StartedEventId { get; set; }
}
