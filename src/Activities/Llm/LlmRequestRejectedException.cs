namespace ContentFlows.Activities.Llm;

/// <summary>
/// The provider refused the request (bad key, unknown model, invalid parameters): the same request would be
/// refused again, so it is not retryable. Keeps the provider's message, which usually says what to fix.
/// </summary>
public sealed class LlmRequestRejectedException : LlmException
{
    /// <summary>Initializes a new instance of the <see cref="LlmRequestRejectedException"/> class.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="providerMessage">The provider's error message.</param>
    /// <param name="innerException">The cause, or null.</param>
    public LlmRequestRejectedException(int statusCode, string providerMessage, Exception? innerException)
        : base($"The LLM endpoint rejected the request with HTTP {statusCode}: {providerMessage}", LlmErrorTypes.RequestRejected, innerException)
    {
        StatusCode = statusCode;
        ProviderMessage = providerMessage;
    }

    /// <summary>Gets the HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>Gets the provider's error message.</summary>
    public string ProviderMessage { get; }

    /// <inheritdoc/>
    public override bool IsRetryable => false;
}
