using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>DescribeTaskQueue in its legacy mode: the queue's recent pollers of one task type, and its backlog.</summary>
internal sealed partial class ServerEngine
{
    /// <summary>How long Temporal's matching lists a poller after its last poll (matching.PollerHistoryTTL).</summary>
    private static readonly TimeSpan PollerHistoryTtl = TimeSpan.FromMinutes(5);

    public DescribeTaskQueueResponse DescribeTaskQueue(DescribeTaskQueueRequest request)
    {
        var name = RequireTaskQueue(request.TaskQueue);
        lock (_gate)
        {
            var ns = GetNamespace(request.Namespace);

            // Unspecified means workflow tasks, as Temporal's frontend defaults it.
            var category = request.TaskQueueType == TaskQueueType.Activity ? TaskCategory.Activity : TaskCategory.Workflow;
            var key = new TaskQueueKey(ns.Id, name, category);
            var response = new DescribeTaskQueueResponse();
            foreach (var (identity, lastAccess) in Matcher.RecentPollers(key, Now - PollerHistoryTtl))
            {
                response.Pollers.Add(new PollerInfo { Identity = identity, LastAccessTime = Timestamp.FromDateTimeOffset(lastAccess), RatePerSecond = 100_000 });
            }

            var backlog = Matcher.BacklogCount(key);
#pragma warning disable CS0612 // Deprecated in the API for report_stats, still asked for by the Temporal CLI and older SDKs.
            if (request.IncludeTaskQueueStatus)
            {
                response.TaskQueueStatus = new TaskQueueStatus { BacklogCountHint = backlog, RatePerSecond = 100_000 };
            }
#pragma warning restore CS0612

            if (request.ReportStats)
            {
                response.Stats = new TaskQueueStats { ApproximateBacklogCount = backlog };
            }

            return response;
        }
    }
}
