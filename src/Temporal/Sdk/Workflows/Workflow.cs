using System.Linq.Expressions;
using ContentFlows.Temporal.Worker.Workflows;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.Workflows;

/// <summary>
/// The API workflow code uses instead of clocks, random, threads and I/O: everything here is deterministic and
/// recorded in, or derived from, the workflow's history. Call it only from workflow code: code that left the
/// workflow's scheduler (<c>Task.Run</c>, <c>Task.Delay</c>, <c>ConfigureAwait(false)</c>, threads, timers)
/// gets an <see cref="InvalidOperationException"/>.
/// </summary>
public static partial class Workflow
{
    /// <summary>Gets a value indicating whether the caller is workflow code running on a workflow's scheduler.</summary>
    public static bool InWorkflow => WorkflowInstance.Current is not null;

    /// <summary>Gets facts about the running workflow.</summary>
    public static WorkflowInfo Info => WorkflowInstance.Require().Info;

    /// <summary>Gets the workflow's current time: the start time of the current workflow task, the same on every replay.</summary>
    public static DateTime UtcNow => WorkflowInstance.Require().UtcNow;

    /// <summary>Gets a random generator seeded from the run, so it yields the same values on every replay.</summary>
    public static Random Random => WorkflowInstance.Require().Random;

    /// <summary>Gets the token cancelled when cancellation of the workflow is requested.</summary>
    public static CancellationToken CancellationToken => WorkflowInstance.Require().CancellationToken;

    /// <summary>Gets a logger that writes nothing while the workflow replays.</summary>
    public static ILogger Logger => WorkflowInstance.Require().Logger;

    /// <summary>A new GUID from <see cref="Random"/>: the same on every replay.</summary>
    /// <returns>The GUID.</returns>
    public static Guid NewGuid() => WorkflowInstance.Require().NewGuid();

    /// <summary>Waits durably: a server-side timer that survives worker restarts.</summary>
    /// <param name="delay">How long; <see cref="Timeout.InfiniteTimeSpan"/> waits for cancellation only.</param>
    /// <param name="cancellationToken">Cancels the timer; default <see cref="CancellationToken"/>.</param>
    /// <returns>A task that completes when the timer fires; cancelled (TaskCanceledException) if the token is.</returns>
    public static Task DelayAsync(TimeSpan delay, CancellationToken? cancellationToken = null) =>
        WorkflowInstance.Require().StartTimerAsync(delay, cancellationToken);

    /// <summary>Waits durably for a number of milliseconds.</summary>
    /// <param name="millisecondsDelay">How long, in milliseconds; -1 waits for cancellation only.</param>
    /// <param name="cancellationToken">Cancels the timer; default <see cref="CancellationToken"/>.</param>
    /// <returns>A task that completes when the timer fires.</returns>
    public static Task DelayAsync(int millisecondsDelay, CancellationToken? cancellationToken = null) =>
        DelayAsync(millisecondsDelay == Timeout.Infinite ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(millisecondsDelay), cancellationToken);

    /// <summary>Waits until a condition over workflow state holds; it is re-checked each time workflow code has run.</summary>
    /// <param name="conditionCheck">The condition; must only read workflow state.</param>
    /// <param name="cancellationToken">Cancels the wait; default <see cref="CancellationToken"/>.</param>
    /// <returns>A task that completes once the condition holds.</returns>
    public static Task WaitConditionAsync(Func<bool> conditionCheck, CancellationToken? cancellationToken = null) =>
        WorkflowInstance.Require().WaitConditionAsync(conditionCheck, cancellationToken ?? CancellationToken);

    /// <summary>Waits until a condition holds or a durable timeout passes.</summary>
    /// <param name="conditionCheck">The condition; must only read workflow state.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait; default <see cref="CancellationToken"/>.</param>
    /// <returns>True if the condition held, false if the timeout passed first.</returns>
    public static async Task<bool> WaitConditionAsync(Func<bool> conditionCheck, TimeSpan timeout, CancellationToken? cancellationToken = null)
    {
        var instance = WorkflowInstance.Require();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken ?? instance.CancellationToken);
        var condition = instance.WaitConditionAsync(conditionCheck, wait.Token);
        if (condition.IsCompleted)
        {
            await condition;
            return true;
        }

        var timer = instance.StartTimerAsync(timeout, wait.Token);
        var first = await Task.WhenAny(condition, timer);
#pragma warning disable VSTHRD103 // Cancel must run its callbacks now, on the workflow thread and in order; CancelAsync would run them on the thread pool.
        if (first == condition && condition.IsCompletedSuccessfully)
        {
            wait.Cancel();
            return true;
        }

        if (first == timer && timer.IsCompletedSuccessfully)
        {
            wait.Cancel();
            return false;
        }
#pragma warning restore VSTHRD103

        // Cancelled from outside: surface the cancellation.
        await first;
        return false;
    }

    /// <summary>Whether to take the new code path of a change: true on new runs (recording a marker), and on replays of runs that recorded it.</summary>
    /// <param name="patchId">The change's id, unique within the workflow.</param>
    /// <returns>True to run the new code.</returns>
    public static bool Patched(string patchId) => WorkflowInstance.Require().Patched(patchId, deprecated: false);

    /// <summary>Marks a change as the only code path left (no run without it remains); records a deprecated marker on new runs.</summary>
    /// <param name="patchId">The change's id, as passed to <see cref="Patched"/>.</param>
    public static void DeprecatePatch(string patchId) => WorkflowInstance.Require().Patched(patchId, deprecated: true);

    /// <summary>Deterministic <see cref="Task.WhenAll(IEnumerable{Task})"/>.</summary>
    /// <param name="tasks">The tasks.</param>
    /// <returns>A task that completes when all have.</returns>
    public static Task WhenAllAsync(IEnumerable<Task> tasks) => Task.WhenAll(tasks);

    /// <summary>Deterministic <see cref="Task.WhenAll{TResult}(IEnumerable{Task{TResult}})"/>.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="tasks">The tasks.</param>
    /// <returns>The results, in order.</returns>
    public static Task<TResult[]> WhenAllAsync<TResult>(IEnumerable<Task<TResult>> tasks) => Task.WhenAll(tasks);

    /// <summary>Deterministic <see cref="Task.WhenAny(IEnumerable{Task})"/>.</summary>
    /// <param name="tasks">The tasks.</param>
    /// <returns>The first task to complete.</returns>
    public static Task<Task> WhenAnyAsync(IEnumerable<Task> tasks) => Task.WhenAny(tasks);

    /// <summary>Deterministic <see cref="Task.WhenAny{TResult}(IEnumerable{Task{TResult}})"/>.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="tasks">The tasks.</param>
    /// <returns>The first task to complete.</returns>
    public static Task<Task<TResult>> WhenAnyAsync<TResult>(IEnumerable<Task<TResult>> tasks) => Task.WhenAny(tasks);

    /// <summary>Creates the exception that, thrown from the run method, continues this workflow as a new run.</summary>
    /// <typeparam name="TWorkflow">The workflow class.</typeparam>
    /// <param name="workflowRunCall">The run method call with the next run's arguments, e.g. <c>wf =&gt; wf.RunAsync(state)</c>.</param>
    /// <param name="options">How the next run differs, or null.</param>
    /// <returns>The exception to throw.</returns>
    public static ContinueAsNewException CreateContinueAsNewException<TWorkflow>(Expression<Func<TWorkflow, Task>> workflowRunCall, ContinueAsNewOptions? options = null)
    {
        var (workflowType, args) = Client.CallExpressions.WorkflowRun<TWorkflow>(workflowRunCall);
        return new ContinueAsNewException(workflowType, args, options);
    }

    /// <summary>Creates the exception that, thrown from the run method, continues this workflow as a new run.</summary>
    /// <typeparam name="TWorkflow">The workflow class.</typeparam>
    /// <typeparam name="TResult">The run method's result type.</typeparam>
    /// <param name="workflowRunCall">The run method call with the next run's arguments.</param>
    /// <param name="options">How the next run differs, or null.</param>
    /// <returns>The exception to throw.</returns>
    public static ContinueAsNewException CreateContinueAsNewException<TWorkflow, TResult>(Expression<Func<TWorkflow, Task<TResult>>> workflowRunCall, ContinueAsNewOptions? options = null)
    {
        var (workflowType, args) = Client.CallExpressions.WorkflowRun<TWorkflow>(workflowRunCall);
        return new ContinueAsNewException(workflowType, args, options);
    }

    /// <summary>Creates the exception that continues this workflow as a new run of a workflow type given by name.</summary>
    /// <param name="workflowType">The workflow type name.</param>
    /// <param name="args">The next run's arguments.</param>
    /// <param name="options">How the next run differs, or null.</param>
    /// <returns>The exception to throw.</returns>
    public static ContinueAsNewException CreateContinueAsNewException(string workflowType, IReadOnlyCollection<object?> args, ContinueAsNewOptions? options = null) =>
        new(workflowType, args, options);

    /// <summary>A handle to signal or cancel another workflow.</summary>
    /// <param name="id">The workflow id.</param>
    /// <param name="runId">The run id, or null for the current run.</param>
    /// <returns>The handle.</returns>
    public static ExternalWorkflowHandle GetExternalWorkflowHandle(string id, string? runId = null) => new(id, runId);

    /// <summary>A typed handle to signal or cancel another workflow.</summary>
    /// <typeparam name="TWorkflow">The workflow class.</typeparam>
    /// <param name="id">The workflow id.</param>
    /// <param name="runId">The run id, or null for the current run.</param>
    /// <returns>The handle.</returns>
    public static ExternalWorkflowHandle<TWorkflow> GetExternalWorkflowHandle<TWorkflow>(string id, string? runId = null) => new(id, runId);

    /// <summary>Workflow facts that workflow logic should rarely need.</summary>
    public static class Unsafe
    {
        /// <summary>Gets a value indicating whether the workflow is replaying history rather than making progress.</summary>
        public static bool IsReplaying => WorkflowInstance.Require().IsReplaying;
    }
}
