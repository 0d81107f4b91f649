namespace ContentFlows.Temporal.DevServer.Tests.Ui;

/// <summary>A hand-played pipeline run: the parent, its task queue and its completed child.</summary>
public sealed record PipelineRun(string WorkflowId, string RunId, string TaskQueue, string ChildWorkflowId, string ChildRunId);
