namespace ContentFlows.Temporal.DevServer.Tests.Ui.WorkerRuns;

/// <summary>The result of a reviewed pipeline run.</summary>
public sealed record PipelineOutcome(string DraftId, string? QualityGateFailure, string PublishedUrl, bool Approved, string Reviewer);
