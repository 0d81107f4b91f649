namespace ContentFlows.Activities.Llm;

/// <summary>What a rate limit applies to: providers limit each model of an account separately.</summary>
/// <param name="Endpoint">The endpoint's base URL, as configured.</param>
/// <param name="Model">The model name.</param>
public readonly record struct RateLimitKey(string Endpoint, string Model)
{
    /// <summary>Gets the key as one string ("endpoint|model"), e.g. for a row in a shared limiter's table.</summary>
    /// <returns>The key as text.</returns>
    public override string ToString() => $"{Endpoint}|{Model}";
}
