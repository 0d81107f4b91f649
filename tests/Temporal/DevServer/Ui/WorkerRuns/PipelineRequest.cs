namespace ContentFlows.Temporal.DevServer.Tests.Ui.WorkerRuns;

/// <summary>What a reviewed pipeline run is asked to produce.</summary>
public sealed record PipelineRequest(string Plan, string Title);
