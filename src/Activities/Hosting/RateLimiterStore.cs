namespace ContentFlows.Activities.Hosting;

/// <summary>Where a worker keeps the LLM rate limit's buckets.</summary>
public enum RateLimiterStore
{
    /// <summary>In the worker's memory: each worker gets the whole limit (one worker, tests, benches).</summary>
    InProcess,

    /// <summary>In the app database: every worker of the deployment shares one limit per endpoint and model.</summary>
    Postgres,
}
