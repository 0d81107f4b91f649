using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using Temporalio.Worker.Interceptors;

namespace ContentFlows.Activities.Hosting;

/// <summary>
/// Runs every activity inside a logging scope of its identity (WorkflowId, WorkflowRunId, ActivityType, Attempt, ...), so the
/// activities' own injected loggers carry them as properties (Serilog's FromLogContext). Scopes are shared by every
/// logger of a factory, so opening it on the SDK's activity logger is enough.
/// </summary>
public sealed class ActivityLogScopeInterceptor : IWorkerInterceptor
{
    /// <inheritdoc/>
    public ActivityInboundInterceptor InterceptActivity(ActivityInboundInterceptor nextInterceptor) => new ScopedActivity(nextInterceptor);

    private sealed class ScopedActivity(ActivityInboundInterceptor next) : ActivityInboundInterceptor(next)
    {
        public override async Task<object?> ExecuteActivityAsync(ExecuteActivityInput input)
        {
            var context = ActivityExecutionContext.Current;
            var info = context.Info;
            var scope = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["WorkflowId"] = info.WorkflowId,
                ["WorkflowRunId"] = info.WorkflowRunId,
                ["WorkflowType"] = info.WorkflowType,
                ["ActivityId"] = info.ActivityId,
                ["ActivityType"] = info.ActivityType,
                ["Attempt"] = info.Attempt,
                ["TaskQueue"] = info.TaskQueue,
            };
            using (context.Logger.BeginScope(scope))
            {
                return await base.ExecuteActivityAsync(input).ConfigureAwait(false);
            }
        }
    }
}
