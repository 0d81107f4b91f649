using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.Sdk.Tests.Client;

/// <summary>A workflow class used only for its names: the client tests play the worker by hand.</summary>
[Workflow]
public sealed class GreetingWorkflow
{
    [WorkflowQuery]
    public string Status => throw new NotSupportedException("Runs on a hand-played worker only.");

    [WorkflowRun]
    public Task<string> RunAsync(string name, int times) => throw new NotSupportedException("Runs on a hand-played worker only.");

    [WorkflowSignal]
    public Task ApproveAsync(string reviewer) => throw new NotSupportedException("Runs on a hand-played worker only.");

    [WorkflowSignal("reject")]
    public Task RejectAsync(string reviewer, string reason) => throw new NotSupportedException("Runs on a hand-played worker only.");

    [WorkflowQuery("describe")]
    public string Describe(string prefix) => throw new NotSupportedException("Runs on a hand-played worker only.");
}
