namespace ContentFlows.Activities.Llm;

/// <summary>Where and how <see cref="OpenAiTextGenerator"/> calls an OpenAI-compatible endpoint; validated once, when it is built.</summary>
public sealed class OpenAiTextGeneratorOptions
{
    /// <summary>The completion tokens assumed when estimating a call's cost without <see cref="MaxOutputTokens"/>.</summary>
    public const int DefaultCompletionTokenEstimate = 1024;

    /// <summary>Initializes a new instance of the <see cref="OpenAiTextGeneratorOptions"/> class with the defaults.</summary>
    public OpenAiTextGeneratorOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OpenAiTextGeneratorOptions"/> class with the required values.</summary>
    /// <param name="endpoint">The base URL, e.g. <c>https://api.openai.com/v1</c>.</param>
    /// <param name="apiKey">The API key.</param>
    public OpenAiTextGeneratorOptions(Uri endpoint, string apiKey)
    {
        Endpoint = endpoint;
        ApiKey = apiKey;
    }

    /// <summary>
    /// Gets or sets the base URL of the OpenAI-compatible API, up to and including its version segment
    /// (<c>https://api.openai.com/v1</c>, <c>http://localhost:11434/v1</c>). Required.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the API key, sent as a bearer token. Required (local servers accept any non-empty value).</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Gets or sets how long one HTTP call may take, response included, before it fails as retryable
    /// <see cref="LlmErrorTypes.Timeout"/>. Default 2 minutes: long generations are slow. Keep it below the
    /// activity's start-to-close timeout so the activity can report why it failed.
    /// </summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets the most completion tokens a call may produce, sent as <c>max_completion_tokens</c>. Default
    /// null: not sent (some compatible servers refuse it), and <see cref="DefaultCompletionTokenEstimate"/> is
    /// used to estimate a call's tokens for the rate limiter.
    /// </summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>Gets or sets the clock used to read HTTP-date Retry-After headers. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Gets or sets the egress policy every connection to the endpoint goes through; null connects directly (only for
    /// endpoints the operator chose, never a tenant's).
    /// </summary>
    public Egress.EgressPolicy? Egress { get; set; }

    /// <summary>Throws naming the first invalid property and its value.</summary>
    internal void Validate()
    {
        if (Endpoint is null || !Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"{nameof(OpenAiTextGeneratorOptions)}.{nameof(Endpoint)} must be an absolute http or https URL; was '{Endpoint}'.", nameof(Endpoint));
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            // The key itself is a secret: say only that it is missing.
            throw new ArgumentException($"{nameof(OpenAiTextGeneratorOptions)}.{nameof(ApiKey)} must not be empty; was {(ApiKey is null ? "null" : "blank")}.", nameof(ApiKey));
        }

        if (NetworkTimeout <= TimeSpan.Zero || NetworkTimeout == Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(NetworkTimeout), NetworkTimeout, $"{nameof(OpenAiTextGeneratorOptions)}.{nameof(NetworkTimeout)} must be a positive, finite duration; was {NetworkTimeout}.");
        }

        if (MaxOutputTokens is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxOutputTokens), MaxOutputTokens, $"{nameof(OpenAiTextGeneratorOptions)}.{nameof(MaxOutputTokens)} must be positive or null; was {MaxOutputTokens}.");
        }

        if (TimeProvider is null)
        {
            throw new ArgumentNullException(nameof(TimeProvider), $"{nameof(OpenAiTextGeneratorOptions)}.{nameof(TimeProvider)} must not be null.");
        }
    }
}
