namespace ContentFlows.Api.Infrastructure;

/// <summary>The API's structured log lines; ids only, never content or keys.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Project {ProjectId} created with admin key {KeyId}")]
    public static partial void ProjectCreated(ILogger logger, Guid projectId, Guid keyId);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Project {ProjectId}: API key {KeyId} ({Role}) created")]
    public static partial void KeyCreated(ILogger logger, Guid projectId, Guid keyId, string role);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Project {ProjectId}: API key {KeyId} revoked")]
    public static partial void KeyRevoked(ILogger logger, Guid projectId, Guid keyId);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Project {ProjectId}: secret {SecretName} stored")]
    public static partial void SecretStored(ILogger logger, Guid projectId, string secretName);

    [LoggerMessage(EventId = 6090, Level = LogLevel.Information, Message = "Project {ProjectId}: settings version {Version} by {ChangedBy} changed {ChangedPaths}")]
    public static partial void SettingsChanged(ILogger logger, Guid projectId, int version, string changedBy, string changedPaths);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Project {ProjectId}: run {RunId} started as workflow {WorkflowId}")]
    public static partial void RunStarted(ILogger logger, Guid projectId, Guid runId, string workflowId);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Project {ProjectId}: Idempotency-Key replayed run {RunId}")]
    public static partial void RunReplayed(ILogger logger, Guid projectId, Guid runId);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "Project {ProjectId}: run {RunId} {Decision} by key {KeyId}")]
    public static partial void ApprovalSent(ILogger logger, Guid projectId, Guid runId, string decision, Guid keyId);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Information, Message = "Project {ProjectId}: run {RunId} cancellation requested")]
    public static partial void RunCancelRequested(ILogger logger, Guid projectId, Guid runId);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Warning, Message = "Run {RunId}: the status query failed; answering from the runs table")]
    public static partial void StatusQueryFailed(ILogger logger, Guid runId, Exception exception);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Project {ProjectId}: dataset {DatasetId} uploaded, {StoredRows} rows stored, {BadRows} refused")]
    public static partial void DatasetUploaded(ILogger logger, Guid projectId, Guid datasetId, int storedRows, int badRows);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Information, Message = "Project {ProjectId}: batch {BatchId} started as workflow {WorkflowId}")]
    public static partial void BatchStarted(ILogger logger, Guid projectId, Guid batchId, string workflowId);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Information, Message = "Project {ProjectId}: batch {BatchId} signalled {Signal} by key {KeyId}")]
    public static partial void BatchSignalled(ILogger logger, Guid projectId, Guid batchId, string signal, Guid keyId);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Information, Message = "Project {ProjectId}: run {RunId} active version set to {Version} ({Action}) by key {KeyId}")]
    public static partial void ActiveVersionChanged(ILogger logger, Guid projectId, Guid runId, int version, string action, Guid keyId);

    [LoggerMessage(EventId = 6014, Level = LogLevel.Warning, Message = "Project {ProjectId}: run {RunId}: the approve signal failed; the decision claim was released")]
    public static partial void ApprovalSignalFailed(ILogger logger, Guid projectId, Guid runId, Exception exception);

    [LoggerMessage(EventId = 6015, Level = LogLevel.Information, Message = "Run {RunId}: its workflow closed as {State}; the row now says so")]
    public static partial void RunReconciled(ILogger logger, Guid runId, string state);

    [LoggerMessage(EventId = 6016, Level = LogLevel.Warning, Message = "A run reconciliation pass failed; the next one tries again")]
    public static partial void RunReconcileFailed(ILogger logger, Exception exception);
}
