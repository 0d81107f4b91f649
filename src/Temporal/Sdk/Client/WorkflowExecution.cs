using ContentFlows.Temporal.Converters;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Workflow.V1;

namespace ContentFlows.Temporal.Client;

/// <summary>One workflow run as listed or described by the server.</summary>
public class WorkflowExecution
{
    private readonly IPayloadConverter payloadConverter;

    /// <summary>Initializes a new instance of the <see cref="WorkflowExecution"/> class.</summary>
    /// <param name="rawInfo">The server's info, with payloads already decoded by the codec.</param>
    /// <param name="dataConverter">Converts memo values.</param>
    public WorkflowExecution(WorkflowExecutionInfo rawInfo, DataConverter dataConverter)
    {
        ArgumentNullException.ThrowIfNull(rawInfo);
        ArgumentNullException.ThrowIfNull(dataConverter);
        RawInfo = rawInfo;
        payloadConverter = dataConverter.PayloadConverter;
    }

    /// <summary>Gets the server's info, as received (payloads decoded).</summary>
    public WorkflowExecutionInfo RawInfo { get; }

    /// <summary>Gets the workflow id.</summary>
    public string Id => RawInfo.Execution?.WorkflowId ?? string.Empty;

    /// <summary>Gets the run id.</summary>
    public string RunId => RawInfo.Execution?.RunId ?? string.Empty;

    /// <summary>Gets the workflow type name.</summary>
    public string WorkflowType => RawInfo.Type?.Name ?? string.Empty;

    /// <summary>Gets the task queue.</summary>
    public string TaskQueue => RawInfo.TaskQueue;

    /// <summary>Gets the status.</summary>
    public WorkflowExecutionStatus Status => RawInfo.Status;

    /// <summary>Gets when the run started.</summary>
    public DateTime StartTime => RawInfo.StartTime?.ToDateTime() ?? default;

    /// <summary>Gets when the run's first workflow task was (or will be) scheduled, or null.</summary>
    public DateTime? ExecutionTime => RawInfo.ExecutionTime?.ToDateTime();

    /// <summary>Gets when the run closed, or null while it is open.</summary>
    public DateTime? CloseTime => RawInfo.CloseTime?.ToDateTime();

    /// <summary>Gets the number of events in the run's history.</summary>
    public long HistoryLength => RawInfo.HistoryLength;

    /// <summary>Gets the parent's workflow id, or null.</summary>
    public string? ParentId => RawInfo.ParentExecution?.WorkflowId;

    /// <summary>Gets the parent's run id, or null.</summary>
    public string? ParentRunId => RawInfo.ParentExecution?.RunId;

    /// <summary>Gets the memo as raw payloads.</summary>
    public IReadOnlyDictionary<string, Payload> Memo => RawInfo.Memo?.Fields ?? (IReadOnlyDictionary<string, Payload>)new Dictionary<string, Payload>();

    /// <summary>Gets a memo value as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type wanted.</typeparam>
    /// <param name="key">The memo key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">The memo has no such key.</exception>
    public T GetMemoValue<T>(string key) =>
        Memo.TryGetValue(key, out var payload)
            ? payloadConverter.ToValue<T>(payload)
            : throw new KeyNotFoundException($"Workflow {Id} has no memo '{key}'.");
}
