namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// Temporal's backoff for a workflow task that keeps failing: from the fourth attempt its start-to-close timeout
/// grows by an exponential interval (5 s doubling, at most 10 minutes, 20% jitter), which is what spaces out
/// retries that SDKs stop reporting and let time out (history.workflowTaskRetryMaxInterval).
/// </summary>
internal static class WorkflowTaskRetries
{
    private const int BackoffMinAttempts = 3;
    private static readonly TimeSpan InitialInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMinutes(10);

    public static TimeSpan StartToCloseTimeout(TimeSpan workflowTaskTimeout, int attempt)
    {
        if (attempt <= BackoffMinAttempts)
        {
            return workflowTaskTimeout;
        }

        var exponent = Math.Min(attempt - BackoffMinAttempts - 1, 30);
        var interval = Math.Min(InitialInterval.TotalSeconds * Math.Pow(2, exponent), MaxInterval.TotalSeconds);

        // As Temporal's retry policy: 80% of the interval plus up to 20% random, against synchronized retries.
        var jittered = (interval * 0.8) + (Random.Shared.NextDouble() * interval * 0.2);
        return workflowTaskTimeout + TimeSpan.FromSeconds(Math.Round(jittered, 3));
    }
}
