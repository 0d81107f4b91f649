using System.Globalization;

namespace ContentFlows.Api.Infrastructure;

/// <summary>
/// The per-API-key request budget: a token bucket refilled at <see cref="PermitsPerSecond"/> holding at most
/// <see cref="Burst"/> tokens. Callers without a valid key share a bucket per client address, and failed
/// authentications have a smaller budget per address of their own.
/// </summary>
internal sealed class ApiRateLimitOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "ContentFlows:RateLimit";

    public ApiRateLimitOptions()
    {
    }

    public ApiRateLimitOptions(int permitsPerSecond, int burst)
    {
        PermitsPerSecond = permitsPerSecond;
        Burst = burst;
    }

    /// <summary>Gets or sets the sustained requests per second per key. Default 50.</summary>
    public int PermitsPerSecond { get; set; } = 50;

    /// <summary>Gets or sets how many requests a key may send at once after being idle. Default 100.</summary>
    public int Burst { get; set; } = 100;

    /// <summary>Gets or sets how many failed authentications a client address may make at once. Default 20.</summary>
    public int FailedAuthenticationBurst { get; set; } = 20;

    /// <summary>Gets or sets how many failed authentications per minute a client address may make after its burst. Default 30.</summary>
    public int FailedAuthenticationsPerMinute { get; set; } = 30;

    /// <summary>Throws naming the first bad property.</summary>
    public void Validate()
    {
        if (PermitsPerSecond <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:PermitsPerSecond must be positive (was {PermitsPerSecond})."), nameof(PermitsPerSecond));
        }

        if (FailedAuthenticationBurst <= 0 || FailedAuthenticationsPerMinute <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:FailedAuthenticationBurst and FailedAuthenticationsPerMinute must be positive (were {FailedAuthenticationBurst} and {FailedAuthenticationsPerMinute})."), nameof(FailedAuthenticationBurst));
        }

        if (Burst < PermitsPerSecond)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:Burst must be at least PermitsPerSecond ({PermitsPerSecond}) (was {Burst})."), nameof(Burst));
        }
    }
}
