namespace ContentFlows.Temporal.Workflows;

/// <summary>What a parent waits for when it cancels a child workflow.</summary>
public enum ChildWorkflowCancellationType
{
    /// <summary>Request cancellation and wait until the child closes (the default).</summary>
    WaitCancellationCompleted = 0,

    /// <summary>Request cancellation and resolve the child as canceled at once.</summary>
    TryCancel = 1,

    /// <summary>Request cancellation and resolve the child as canceled once the server has delivered the request.</summary>
    WaitCancellationRequested = 2,

    /// <summary>Do not request cancellation; resolve the child as canceled at once and let it run on.</summary>
    Abandon = 3,
}
