using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using ContentFlows.Api.Access;
using Microsoft.AspNetCore.RateLimiting;

namespace ContentFlows.Api.Infrastructure;

/// <summary>
/// Rate limiting per API key with ASP.NET Core's rate limiter: a token bucket per key, and a 429 problem details
/// answer with Retry-After when a key's bucket is empty, so heavy clients slow down instead of starving others.
/// </summary>
internal static class ApiRateLimiting
{
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ApiRateLimitOptions.SectionName).Get<ApiRateLimitOptions>() ?? new ApiRateLimitOptions();
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton<AuthenticationFailureLimiter>();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetTokenBucketLimiter(
                PartitionKey(context),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),

                    // No queue: a waiting request would hold a connection and hide the overload from the client.
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = WriteRejectionAsync;
        });
        return services;
    }

    // Authentication runs first, so a known key is its own partition; anything else is limited per client address.
    private static string PartitionKey(HttpContext context) =>
        context.User.FindFirstValue(Caller.KeyClaim) is { } keyId ? "key:" + keyId
        : context.User.IsInRole(ApiPolicies.BootstrapRole) ? "bootstrap"
        : "address:" + context.Connection.RemoteIpAddress;

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var context = rejected.HttpContext;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var options = context.RequestServices.GetRequiredService<ApiRateLimitOptions>();
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = string.Create(CultureInfo.InvariantCulture, $"This API key sent more than {options.PermitsPerSecond} requests per second (bursts up to {options.Burst}); retry after {seconds} s."),
            },
        }).ConfigureAwait(false);
    }
}
