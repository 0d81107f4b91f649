namespace ContentFlows.Temporal.Workflows;

/// <summary>What the server does to a child workflow when its parent closes.</summary>
public enum ParentClosePolicy
{
    /// <summary>The server's default: terminate.</summary>
    None = 0,

    /// <summary>Terminate the child.</summary>
    Terminate = 1,

    /// <summary>Let the child run on.</summary>
    Abandon = 2,

    /// <summary>Request cancellation of the child.</summary>
    RequestCancel = 3,
}
