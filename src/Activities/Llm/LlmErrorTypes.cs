namespace ContentFlows.Activities.Llm;

/// <summary>
/// The error types LLM failures carry into Temporal failures. Stable strings: retry policies list the
/// non-retryable ones by name.
/// </summary>
public static class LlmErrorTypes
{
    /// <summary>The provider answered 429: too many requests or tokens; retryable after Retry-After.</summary>
    public const string RateLimited = "LlmRateLimited";

    /// <summary>The provider answered 5xx (or 408); retryable.</summary>
    public const string ServerError = "LlmServerError";

    /// <summary>No answer within the per-call network timeout; retryable.</summary>
    public const string Timeout = "LlmTimeout";

    /// <summary>The connection failed before an HTTP answer; retryable.</summary>
    public const string NetworkError = "LlmNetworkError";

    /// <summary>The provider refused the request (400, 401, 403, 404, ...); not retryable.</summary>
    public const string RequestRejected = "LlmRequestRejected";

    /// <summary>The model's output stayed malformed after the repair attempt; not retryable.</summary>
    public const string MalformedOutput = "LlmMalformedOutput";
}
