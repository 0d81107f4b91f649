namespace ContentFlows.Temporal.Workflows;

/// <summary>The parent of a child workflow.</summary>
/// <param name="Namespace">The parent's namespace.</param>
/// <param name="WorkflowId">The parent's workflow id.</param>
/// <param name="RunId">The parent's run id.</param>
public sealed record WorkflowParentInfo(string Namespace, string WorkflowId, string RunId);
