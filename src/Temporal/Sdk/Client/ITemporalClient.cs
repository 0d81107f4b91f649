using System.Linq.Expressions;

namespace ContentFlows.Temporal.Client;

/// <summary>A client of a Temporal namespace: start workflows, get handles to them, list and count them.</summary>
public interface ITemporalClient
{
    /// <summary>Gets the client's settings: namespace, identity, data converter, logger factory.</summary>
    TemporalClientOptions Options { get; }

    /// <summary>Gets the raw WorkflowService calls (used by the worker and for anything the client does not wrap).</summary>
    IWorkflowService WorkflowService { get; }

    /// <summary>Starts a workflow from a typed call of its [WorkflowRun] method, e.g. <c>(MyWorkflow wf) =&gt; wf.RunAsync(input)</c>.</summary>
    /// <typeparam name="TWorkflow">The workflow class.</typeparam>
    /// <typeparam name="TResult">The run method's result type.</typeparam>
    /// <param name="workflowRunCall">The run call; its arguments are evaluated here.</param>
    /// <param name="options">Id, task queue and other start settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A handle to the started workflow.</returns>
    /// <exception cref="Exceptions.WorkflowAlreadyStartedException">The id is in use.</exception>
    Task<WorkflowHandle<TWorkflow, TResult>> StartWorkflowAsync<TWorkflow, TResult>(
        Expression<Func<TWorkflow, Task<TResult>>> workflowRunCall, WorkflowOptions options, CancellationToken cancellationToken = default);

    /// <summary>Starts a workflow whose run method returns no value.</summary>
    /// <typeparam name="TWorkflow">The workflow class.</typeparam>
    /// <param name="workflowRunCall">The run call; its arguments are evaluated here.</param>
    /// <param name="options">Id, task queue and other start settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A handle to the started workflow.</returns>
    Task<WorkflowHandle<TWorkflow>> StartWorkflowAsync<TWorkflow>(
        Expression<Func<TWorkflow, Task>> workflowRunCall, WorkflowOptions options, CancellationToken cancellationToken = default);

    /// <summary>Starts a workflow by type name.</summary>
    /// <param name="workflow">The workflow type name.</param>
    /// <param name="args">The run arguments.</param>
    /// <param name="options">Id, task queue and other start settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A handle to the started workflow.</returns>
    Task<WorkflowHandle> StartWorkflowAsync(
        string workflow, IReadOnlyCollection<object?> args, WorkflowOptions options, CancellationToken cancellationToken = default);

    /// <summary>Starts a workflow and waits for its result.</summary>
    /// <typeparam name="TWorkflow">The workflow class.</typeparam>
    /// <typeparam name="TResult">The run method's result type.</typeparam>
    /// <param name="workflowRunCall">The run call.</param>
    /// <param name="options">Id, task queue and other start settings.</param>
    /// <param name="cancellationToken">Cancels the start and the wait.</param>
    /// <returns>The result.</returns>
    /// <exception cref="Exceptions.WorkflowFailedException">The workflow did not complete successfully.</exception>
    Task<TResult> ExecuteWorkflowAsync<TWorkflow, TResult>(
        Expression<Func<TWorkflow, Task<TResult>>> workflowRunCall, WorkflowOptions options, CancellationToken cancellationToken = default);

    /// <summary>Starts a workflow and waits for it to complete.</summary>
    /// <typeparam name="TWorkflow">The workflow class.</typeparam>
    /// <param name="workflowRunCall">The run call.</param>
    /// <param name="options">Id, task queue and other start settings.</param>
    /// <param name="cancellationToken">Cancels the start and the wait.</param>
    /// <returns>A task that completes with the workflow.</returns>
    Task ExecuteWorkflowAsync<TWorkflow>(
        Expression<Func<TWorkflow, Task>> workflowRunCall, WorkflowOptions options, CancellationToken cancellationToken = default);

    /// <summary>Starts a workflow by type name and waits for its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="workflow">The workflow type name.</param>
    /// <param name="args">The run arguments.</param>
    /// <param name="options">Id, task queue and other start settings.</param>
    /// <param name="cancellationToken">Cancels the start and the wait.</param>
    /// <returns>The result.</returns>
    Task<TResult> ExecuteWorkflowAsync<TResult>(
        string workflow, IReadOnlyCollection<object?> args, WorkflowOptions options, CancellationToken cancellationToken = default);

    /// <summary>Gets a handle to an existing workflow (no call is made).</summary>
    /// <param name="id">The workflow id.</param>
    /// <param name="runId">The run; null for the latest.</param>
    /// <returns>The handle.</returns>
    WorkflowHandle GetWorkflowHandle(string id, string? runId = null);

    /// <summary>Gets a typed handle to an existing workflow (no call is made).</summary>
    /// <typeparam name="TWorkflow">The workflow class.</typeparam>
    /// <param name="id">The workflow id.</param>
    /// <param name="runId">The run; null for the latest.</param>
    /// <returns>The handle.</returns>
    WorkflowHandle<TWorkflow> GetWorkflowHandle<TWorkflow>(string id, string? runId = null);

    /// <summary>Gets a typed handle with a result type to an existing workflow (no call is made).</summary>
    /// <typeparam name="TWorkflow">The workflow class.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="id">The workflow id.</param>
    /// <param name="runId">The run; null for the latest.</param>
    /// <returns>The handle.</returns>
    WorkflowHandle<TWorkflow, TResult> GetWorkflowHandle<TWorkflow, TResult>(string id, string? runId = null);

    /// <summary>Lists workflow runs matching a visibility query, page by page as enumerated.</summary>
    /// <param name="query">A visibility query, e.g. <c>WorkflowType = 'Pipeline' AND ExecutionStatus = 'Running'</c>; empty for all.</param>
    /// <param name="pageSize">Runs fetched per call; 0 for the server's default.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The runs.</returns>
    IAsyncEnumerable<WorkflowExecution> ListWorkflowsAsync(string query, int pageSize = 0, CancellationToken cancellationToken = default);

    /// <summary>Counts workflow runs matching a visibility query.</summary>
    /// <param name="query">A visibility query; empty for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The count.</returns>
    Task<WorkflowExecutionCount> CountWorkflowsAsync(string query, CancellationToken cancellationToken = default);
}
