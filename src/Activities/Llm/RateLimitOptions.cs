namespace ContentFlows.Activities.Llm;

/// <summary>The limits of one endpoint and model; validated when the limiter is built.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Initializes a new instance of the <see cref="RateLimitOptions"/> class with the defaults.</summary>
    public RateLimitOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RateLimitOptions"/> class with both limits.</summary>
    /// <param name="requestsPerMinute">Requests per minute.</param>
    /// <param name="tokensPerMinute">Tokens per minute.</param>
    public RateLimitOptions(int requestsPerMinute, int tokensPerMinute)
    {
        RequestsPerMinute = requestsPerMinute;
        TokensPerMinute = tokensPerMinute;
    }

    /// <summary>Gets or sets the requests allowed per minute. Default 500, a common entry tier.</summary>
    public int RequestsPerMinute { get; set; } = 500;

    /// <summary>Gets or sets the tokens (prompt plus completion) allowed per minute. Default 200,000.</summary>
    public int TokensPerMinute { get; set; } = 200_000;

    /// <summary>
    /// Gets or sets how much of a minute's allowance may be spent at once, from idle. Default one minute: a full
    /// minute's worth. Shorter smooths bursts for providers that enforce limits per second.
    /// </summary>
    public TimeSpan BurstWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Throws naming the first invalid property and its value.</summary>
    internal void Validate()
    {
        if (RequestsPerMinute <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestsPerMinute), RequestsPerMinute, $"{nameof(RateLimitOptions)}.{nameof(RequestsPerMinute)} must be positive; was {RequestsPerMinute}.");
        }

        if (TokensPerMinute <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TokensPerMinute), TokensPerMinute, $"{nameof(RateLimitOptions)}.{nameof(TokensPerMinute)} must be positive; was {TokensPerMinute}.");
        }

        if (BurstWindow <= TimeSpan.Zero || BurstWindow > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(BurstWindow), BurstWindow, $"{nameof(RateLimitOptions)}.{nameof(BurstWindow)} must be more than zero and at most one minute; was {BurstWindow}.");
        }
    }
}
