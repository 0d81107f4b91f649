using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.DevServer.Persistence.Postgres;

/// <summary>The PostgreSQL store's structured log events.</summary>
internal static partial class PostgresStoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Applied store migration {Version} ({Name}) to schema {Schema}")]
    internal static partial void MigrationApplied(ILogger logger, int version, string name, string schema);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Store batch of {WriteCount} writes failed and was rolled back; every waiter gets the error")]
    internal static partial void BatchFailed(ILogger logger, int writeCount, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Loaded {NamespaceCount} namespaces, {ExecutionCount} executions and {EventCount} history events from schema {Schema}")]
    internal static partial void Loaded(ILogger logger, int namespaceCount, int executionCount, long eventCount, string schema);

    [LoggerMessage(EventId = 4, Level = LogLevel.Critical, Message = "The store for schema {Schema} is stopped after a failed batch: {RefusedCount} queued writes refused, later writes refused; restart the server to recover from the committed state")]
    internal static partial void StoppedAfterFailure(ILogger logger, int refusedCount, string schema);
}
