using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ContentFlows.Api.Access;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c> against the stored key hashes,
/// or against the configured bootstrap key.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    ApiOptions apiOptions,
    AuthenticationFailureLimiter failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    // Set when the client's address was refused for failing too often; the challenge then answers 429.
    private const string ThrottledItem = "ContentFlows.AuthenticationThrottled";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadKey();
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        // Checked before the lookup: an address that keeps guessing costs no database query.
        var address = Context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (failures.RetryAfter(address) is { } wait)
        {
            Context.Items[ThrottledItem] = wait;
            return AuthenticateResult.Fail("Too many failed authentications from this address.");
        }

        // Fixed-time comparison of hashes: the bootstrap key must not leak through response timing.
        if (CryptographicOperations.FixedTimeEquals(ApiKeyStore.Hash(presented), ApiKeyStore.Hash(apiOptions.BootstrapAdminKey)))
        {
            return Success([new Claim(ClaimTypes.Name, "bootstrap"), new Claim(ClaimTypes.Role, ApiPolicies.BootstrapRole)]);
        }

        var key = await keys.FindActiveAsync(presented, Context.RequestAborted).ConfigureAwait(false);
        if (key is null)
        {
            failures.RecordFailure(address);
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        return Success(
        [
            new Claim(ClaimTypes.Name, key.Name),
            new Claim(ClaimTypes.Role, key.Role.ToString().ToLowerInvariant()),
            new Claim(Caller.ProjectClaim, key.ProjectId.ToString("D", CultureInfo.InvariantCulture)),
            new Claim(Caller.KeyClaim, key.Id.ToString("D", CultureInfo.InvariantCulture)),
        ]);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[ThrottledItem] is not TimeSpan wait)
        {
            await base.HandleChallengeAsync(properties).ConfigureAwait(false);
            return;
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many failed authentications",
                Detail = string.Create(CultureInfo.InvariantCulture, $"This address presented too many unknown or revoked API keys; retry after {seconds} s."),
            },
        }).ConfigureAwait(false);
    }

    private AuthenticateResult Success(Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

    private string? ReadKey()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization["Bearer ".Length..].Trim();
            return token.Length > 0 ? token : null;
        }

        var header = Request.Headers[HeaderName].ToString().Trim();
        return header.Length > 0 ? header : null;
    }
}
