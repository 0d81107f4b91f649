using ContentFlows.Temporal.Converters;
using ContentFlows.Temporal.Exceptions;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.Worker;

/// <summary>The outcome of replaying one history: how the workflow code closed the run, or why the replay failed.</summary>
public sealed class WorkflowReplayResult
{
    private readonly Command? closeCommand;
    private readonly DataConverter converter;

    internal WorkflowReplayResult(string workflowId, Command? closeCommand, Exception? replayFailure, DataConverter converter)
    {
        WorkflowId = workflowId;
        this.closeCommand = closeCommand;
        ReplayFailure = replayFailure;
        this.converter = converter;
    }

    /// <summary>Gets the workflow id of the replayed history.</summary>
    public string WorkflowId { get; }

    /// <summary>Gets why the replay failed (e.g. a <see cref="WorkflowNondeterminismException"/>), or null when it succeeded.</summary>
    public Exception? ReplayFailure { get; }

    /// <summary>Gets a value indicating whether the code completed the run successfully.</summary>
    public bool Completed => closeCommand?.CommandType == CommandType.CompleteWorkflowExecution;

    /// <summary>Gets a value indicating whether the code continued the run as new.</summary>
    public bool ContinuedAsNew => closeCommand?.CommandType == CommandType.ContinueAsNewWorkflowExecution;

    /// <summary>Gets a value indicating whether the code closed the run as cancelled.</summary>
    public bool Canceled => closeCommand?.CommandType == CommandType.CancelWorkflowExecution;

    /// <summary>Gets the exception the code failed the run with, or null.</summary>
    public Exception? Failure => closeCommand?.CommandType == CommandType.FailWorkflowExecution
        ? converter.FailureConverter.ToException(closeCommand.FailWorkflowExecutionCommandAttributes.Failure, converter.PayloadConverter)
        : null;

    /// <summary>Gets the run's result as the code produced it on replay.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <returns>The result.</returns>
    /// <exception cref="InvalidOperationException">The run did not complete successfully in the replayed history.</exception>
    public TResult GetResult<TResult>()
    {
        if (!Completed)
        {
            throw new InvalidOperationException(
                $"The replayed workflow {WorkflowId} did not complete successfully (closing command: {closeCommand?.CommandType.ToString() ?? "none"}).", Failure ?? ReplayFailure);
        }

        var payloads = closeCommand!.CompleteWorkflowExecutionCommandAttributes.Result;
        return payloads is { Payloads_.Count: > 0 } ? (TResult)converter.PayloadConverter.ToValue(payloads.Payloads_[0], typeof(TResult))! : default!;
    }
}
