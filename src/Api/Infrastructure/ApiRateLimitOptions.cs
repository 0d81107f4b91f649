using System.Globalization;

namespace ContentFlows.Api.Infrastructure;

/// <summary>
/// The per-API-key request budget: a token bucket refilled at <see cref="PermitsPerSecond"/> holding at most
/// <see cref="Burst"/> tokens. Callers without a valid key share a bucket per client address.
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

    /// <summary>Throws naming the first bad property.</summary>
    public void Validate()
    {
        if (PermitsPerSecond <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:PermitsPerSecond must be positive (was {PermitsPerSecond})."), nameof(PermitsPerSecond));
        }

        if (Burst < PermitsPerSecond)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:Burst must be at least PermitsPerSecond ({PermitsPerSecond}) (was {Burst})."), nameof(Burst));
        }
    }
}
