using System.Linq.Expressions;
using ContentFlows.Temporal.Worker.Workflows;

namespace ContentFlows.Temporal.Workflows;

/// <content>Child workflows, started from typed lambdas (<c>(ItemWorkflow wf) =&gt; wf.RunAsync(item)</c>) or by name.</content>
public static partial class Workflow
{
    /// <summary>Starts a child workflow and returns a handle once the server has started it.</summary>
    /// <typeparam name="TWorkflow">The child's workflow class.</typeparam>
    /// <typeparam name="TResult">The child's result type.</typeparam>
    /// <param name="workflowRunCall">The child's run method call, e.g. <c>wf =&gt; wf.RunAsync(item)</c>.</param>
    /// <param name="options">The child options, or null for defaults.</param>
    /// <returns>The handle; throws <see cref="Exceptions.WorkflowAlreadyStartedException"/> when the id is in use.</returns>
    public static async Task<ChildWorkflowHandle<TWorkflow, TResult>> StartChildWorkflowAsync<TWorkflow, TResult>(
        Expression<Func<TWorkflow, Task<TResult>>> workflowRunCall, ChildWorkflowOptions? options = null)
    {
        var (workflowType, args) = Client.CallExpressions.WorkflowRun<TWorkflow>(workflowRunCall);
        var child = WorkflowInstance.Require().StartChild(workflowType, args, options ?? new ChildWorkflowOptions());
        var runId = await child.Started.Task;
        return new ChildWorkflowHandle<TWorkflow, TResult>(child, runId);
    }

    /// <summary>Starts a child workflow that has no result and returns a handle once the server has started it.</summary>
    /// <typeparam name="TWorkflow">The child's workflow class.</typeparam>
    /// <param name="workflowRunCall">The child's run method call.</param>
    /// <param name="options">The child options, or null for defaults.</param>
    /// <returns>The handle.</returns>
    public static async Task<ChildWorkflowHandle<TWorkflow>> StartChildWorkflowAsync<TWorkflow>(
        Expression<Func<TWorkflow, Task>> workflowRunCall, ChildWorkflowOptions? options = null)
    {
        var (workflowType, args) = Client.CallExpressions.WorkflowRun<TWorkflow>(workflowRunCall);
        var child = WorkflowInstance.Require().StartChild(workflowType, args, options ?? new ChildWorkflowOptions());
        var runId = await child.Started.Task;
        return new ChildWorkflowHandle<TWorkflow>(child, runId);
    }

    /// <summary>Starts a child workflow by type name and returns a handle once the server has started it.</summary>
    /// <param name="workflow">The workflow type name.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="options">The child options, or null for defaults.</param>
    /// <returns>The handle.</returns>
    public static async Task<ChildWorkflowHandle> StartChildWorkflowAsync(string workflow, IReadOnlyCollection<object?> args, ChildWorkflowOptions? options = null)
    {
        var child = WorkflowInstance.Require().StartChild(workflow, args, options ?? new ChildWorkflowOptions());
        var runId = await child.Started.Task;
        return new ChildWorkflowHandle(child, runId);
    }

    /// <summary>Starts a child workflow and waits for its result.</summary>
    /// <typeparam name="TWorkflow">The child's workflow class.</typeparam>
    /// <typeparam name="TResult">The child's result type.</typeparam>
    /// <param name="workflowRunCall">The child's run method call.</param>
    /// <param name="options">The child options, or null for defaults.</param>
    /// <returns>The result; throws <see cref="Exceptions.ChildWorkflowFailureException"/> when the child did not succeed.</returns>
    public static async Task<TResult> ExecuteChildWorkflowAsync<TWorkflow, TResult>(
        Expression<Func<TWorkflow, Task<TResult>>> workflowRunCall, ChildWorkflowOptions? options = null)
    {
        var handle = await StartChildWorkflowAsync(workflowRunCall, options);
        return await handle.GetResultAsync();
    }

    /// <summary>Starts a child workflow that has no result and waits for it to close.</summary>
    /// <typeparam name="TWorkflow">The child's workflow class.</typeparam>
    /// <param name="workflowRunCall">The child's run method call.</param>
    /// <param name="options">The child options, or null for defaults.</param>
    /// <returns>A task that completes when the child has.</returns>
    public static async Task ExecuteChildWorkflowAsync<TWorkflow>(Expression<Func<TWorkflow, Task>> workflowRunCall, ChildWorkflowOptions? options = null)
    {
        var handle = await StartChildWorkflowAsync(workflowRunCall, options);
        await handle.GetResultAsync();
    }

    /// <summary>Starts a child workflow by type name and waits for its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="workflow">The workflow type name.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="options">The child options, or null for defaults.</param>
    /// <returns>The result.</returns>
    public static async Task<TResult> ExecuteChildWorkflowAsync<TResult>(string workflow, IReadOnlyCollection<object?> args, ChildWorkflowOptions? options = null)
    {
        var handle = await StartChildWorkflowAsync(workflow, args, options);
        return await handle.GetResultAsync<TResult>();
    }
}
