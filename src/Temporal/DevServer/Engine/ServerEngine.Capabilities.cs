using Temporalio.Api.Enums.V1;
using Temporalio.Api.Namespace.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// What DescribeNamespace advertises, computed when asked (as Temporal's frontend does from dynamic config) rather
/// than stored with the namespace: SDKs switch behaviour on these (sdk-core waits for its polls to complete on
/// shutdown only when worker_poll_complete_on_shutdown is set), so each must be true only when served.
/// </summary>
internal sealed partial class ServerEngine
{
    /// <summary>Temporal's default limit on one memo (2 MiB), advertised with the blob limit.</summary>
    private const long MemoSizeLimitBytes = 2 * 1024 * 1024;

    /// <summary>Returns a copy of the namespace's description with the server's capabilities and limits.</summary>
    private DescribeNamespaceResponse DescribeWithCapabilities(NamespaceEntry entry)
    {
        var description = entry.Description.Clone();
        var info = description.NamespaceInfo;
        info.Capabilities = new NamespaceInfo.Types.Capabilities
        {
            SyncUpdate = true,
            AsyncUpdate = true,
            WorkerPollCompleteOnShutdown = _dynamicConfig.CancelWorkerPollsOnShutdown,

            // Not served here: eager workflow start, worker heartbeats and commands, pause, standalone activities,
            // poller autoscaling decisions, paginated task completion.
            EagerWorkflowStart = false,
        };
        info.Limits = new NamespaceInfo.Types.Limits
        {
            BlobSizeLimitError = _limits.BlobSizeLimitBytes,
            MemoSizeLimitError = MemoSizeLimitBytes,
        };
        return description;
    }

    /// <summary>
    /// Completes the shutting-down worker's outstanding polls on its task queue, for the task types it names (workflow
    /// and activity when none), as Temporal's frontend asks matching to; both the worker instance key and the queue
    /// are required there too. Its sticky queue's polls end when that queue is drained.
    /// </summary>
    private void CancelWorkerPolls(NamespaceEntry ns, ShutdownWorkerRequest request)
    {
        if (!_dynamicConfig.CancelWorkerPollsOnShutdown || request.WorkerInstanceKey.Length == 0 || request.TaskQueue.Length == 0)
        {
            return;
        }

        var types = request.TaskQueueTypes.Count > 0 ? request.TaskQueueTypes : [TaskQueueType.Workflow, TaskQueueType.Activity];
        foreach (var type in types)
        {
            TaskCategory? category = type switch
            {
                TaskQueueType.Workflow => TaskCategory.Workflow,
                TaskQueueType.Activity => TaskCategory.Activity,
                _ => null, // Nexus: not served here, so no polls to complete.
            };
            if (category is { } served)
            {
                _workerPolls.CancelAll(new TaskQueueKey(ns.Id, request.TaskQueue, served), request.WorkerInstanceKey);
            }
        }
    }
}
