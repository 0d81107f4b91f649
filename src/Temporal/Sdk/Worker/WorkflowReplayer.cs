using ContentFlows.Temporal.Common;
using ContentFlows.Temporal.Exceptions;
using ContentFlows.Temporal.Worker.Workflows;
using ContentFlows.Temporal.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.Worker;

/// <summary>
/// Replays recorded histories against the current workflow code, without a server: the check that a code change
/// is compatible with runs already in flight. Register the workflows in <see cref="WorkflowReplayerOptions"/>.
/// </summary>
public sealed partial class WorkflowReplayer
{
    private readonly Dictionary<string, WorkflowDefinition> definitions = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The workflows and data converter.</param>
    public WorkflowReplayer(WorkflowReplayerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Workflows.Count == 0)
        {
            throw new ArgumentException("WorkflowReplayerOptions.Workflows is empty; register workflows with AddWorkflow<T>().", nameof(options));
        }

        Options = options;
        foreach (var definition in options.Workflows)
        {
            definitions[definition.Name] = definition;
        }
    }

    /// <summary>Gets the options.</summary>
    public WorkflowReplayerOptions Options { get; }

    /// <summary>Replays one history, e.g. from <see cref="WorkflowHistory.FromJson"/> or a client's FetchHistoryAsync.</summary>
    /// <param name="history">The history.</param>
    /// <param name="throwOnReplayFailure">Whether a failed replay throws (default) or is reported in <see cref="WorkflowReplayResult.ReplayFailure"/>.</param>
    /// <returns>How the code closed the run.</returns>
    /// <exception cref="WorkflowNondeterminismException">The code no longer produces the recorded commands.</exception>
    public Task<WorkflowReplayResult> ReplayWorkflowAsync(WorkflowHistory history, bool throwOnReplayFailure = true)
    {
        ArgumentNullException.ThrowIfNull(history);
        return ReplayWorkflowAsync(history.Id, history.Events, throwOnReplayFailure);
    }

    /// <summary>Replays several histories, one after another.</summary>
    /// <param name="histories">The histories.</param>
    /// <param name="throwOnReplayFailure">Whether the first failed replay throws, or every failure is reported in its result.</param>
    /// <returns>The results, in order.</returns>
    public async Task<IReadOnlyList<WorkflowReplayResult>> ReplayWorkflowsAsync(IEnumerable<WorkflowHistory> histories, bool throwOnReplayFailure = false)
    {
        ArgumentNullException.ThrowIfNull(histories);
        var results = new List<WorkflowReplayResult>();
        foreach (var history in histories)
        {
            results.Add(await ReplayWorkflowAsync(history, throwOnReplayFailure).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Replays one history.</summary>
    /// <param name="workflowId">The workflow id of the history.</param>
    /// <param name="events">The history's events, from event 1.</param>
    /// <param name="throwOnReplayFailure">Whether a failed replay throws (default) or is reported in <see cref="WorkflowReplayResult.ReplayFailure"/>.</param>
    /// <returns>How the code closed the run.</returns>
    /// <exception cref="WorkflowNondeterminismException">The code no longer produces the recorded commands.</exception>
    public async Task<WorkflowReplayResult> ReplayWorkflowAsync(string workflowId, IReadOnlyList<HistoryEvent> events, bool throwOnReplayFailure = true)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0 || events[0].EventType != EventType.WorkflowExecutionStarted)
        {
            throw new ArgumentException("A history must start with its WorkflowExecutionStarted event.", nameof(events));
        }

        var started = events[0].WorkflowExecutionStartedEventAttributes;
        var workflowType = started.WorkflowType?.Name ?? string.Empty;
        if (!definitions.TryGetValue(workflowType, out var definition))
        {
            throw new ArgumentException($"Workflow type \"{workflowType}\" of history {workflowId} is not registered with the replayer. Registered: [{string.Join(", ", definitions.Keys)}].", nameof(events));
        }

        var runId = string.IsNullOrEmpty(started.OriginalExecutionRunId) ? "replay-run" : started.OriginalExecutionRunId;
        var instance = new WorkflowInstance(new WorkflowInstanceOptions(definition, Options.DataConverter, Options.Namespace, workflowId, runId, Options.LoggerFactory));
        Exception? failure = null;
        try
        {
            await WorkflowCodeRunner.RunAsync(
                instance,
                () =>
                {
                    instance.ApplyHistory(events, activateLast: true);
                    instance.EnsureAllCommandsRecorded();
                    return true;
                },
                Options.DeadlockTimeout,
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (WorkflowTaskFailureException e)
        {
            failure = new InvalidOperationException(e.Message, e.InnerException);
        }
        catch (Exception e) when (e is WorkflowNondeterminismException or WorkflowDeadlockException)
        {
            failure = e;
        }

        if (failure is not null && throwOnReplayFailure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return new WorkflowReplayResult(workflowId, instance.CloseCommand, failure, Options.DataConverter);
    }
}
