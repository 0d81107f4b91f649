using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Workflows;

/// <summary>
/// Run by the .NET worker: runs the TS workflow <c>childWorkflow</c> as a child on the TS worker's task queue and returns
/// its result, or the exception chain it raised here.
/// </summary>
[Workflow]
public sealed class TypeScriptChildCallerWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string childTaskQueue, bool fail)
    {
        try
        {
            return await Workflow.ExecuteChildWorkflowAsync<string>(
                "childWorkflow",
                [new { fail, message = "the child refused", value = "42" }],
                new ChildWorkflowOptions { Id = $"{Workflow.Info.WorkflowId}-child", TaskQueue = childTaskQueue });
        }
        catch (ChildWorkflowFailureException failure) when (failure.InnerException is ApplicationFailureException cause)
        {
            return $"{failure.GetType().Name} {failure.WorkflowType} > {cause.GetType().Name} {cause.ErrorType}: {cause.Message} {cause.Details.ElementAt<ChildDetail>(0)}";
        }
    }

    /// <summary>The TS child's failure detail, <c>{ value }</c>.</summary>
    private sealed record ChildDetail(string Value);
}
