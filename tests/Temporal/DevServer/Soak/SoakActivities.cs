using System.Collections.Concurrent;
using Temporalio.Activities;
using Temporalio.Workflows;

namespace ContentFlows.Temporal.DevServer.Tests.Soak;

/// <summary>The soak pipeline's stages; each counts its executions per workflow, so the test sees what ran again.</summary>
public sealed class SoakActivities
{
    /// <summary>Gets the time a task waits for a worker's answer before the server hands it out again (after a kill that lost it).</summary>
    public static TimeSpan WorkflowTaskTimeout { get; } = TimeSpan.FromSeconds(4);

    /// <summary>Gets the options every stage runs with: short timeouts, so a completion lost with a killed server is retried soon.</summary>
    public static ActivityOptions Options { get; } = new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(4),
        RetryPolicy = new() { InitialInterval = TimeSpan.FromMilliseconds(200), BackoffCoefficient = 1, MaximumInterval = TimeSpan.FromSeconds(1) },
    };

    /// <summary>Gets the executions of each stage, by workflow id and activity type.</summary>
    public ConcurrentDictionary<(string WorkflowId, string Activity), int> Executions { get; } = new();

    [Activity]
    public Task<string> ResearchAsync(int index) => Task.FromResult(Count($"research-{index}"));

    [Activity]
    public Task<string> DraftAsync(int index) => Task.FromResult(Count($"draft-{index}"));

    [Activity]
    public Task<string> PublishAsync(string draft) => Task.FromResult(Count($"published-{draft}"));

    private string Count(string result)
    {
        var info = ActivityExecutionContext.Current.Info;
        Executions.AddOrUpdate((info.WorkflowId ?? string.Empty, info.ActivityType), 1, (_, n) => n + 1);
        return result;
    }
}
