using System.Security.Claims;
using ContentFlows.Api.Access;
using ContentFlows.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentFlows.Api.Keys;

/// <summary>The caller's project's API keys: create (shown once), list, revoke. Admins only.</summary>
internal static class ApiKeysApi
{
    public const int MaxNameLength = 200;

    /// <summary>The prefix of names the workflow records for decisions it makes itself (<c>system:approval-timeout</c>).</summary>
    public const string ReservedNamePrefix = "system:";

    public static RouteGroupBuilder MapApiKeysApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api/keys").WithTags("API keys").RequireAuthorization(ApiPolicies.Admin);
        group.MapPost("/", CreateKeyAsync).WithName("CreateApiKey").WithSummary("Create an API key; the key is shown once.");
        group.MapGet("/", ListKeysAsync).WithName("ListApiKeys").WithSummary("List the project's API keys (never their secrets).");
        group.MapDelete("/{keyId:guid}", RevokeKeyAsync).WithName("RevokeApiKey").WithSummary("Revoke an API key.");
        return group;
    }

    public static async Task<Results<Created<CreatedApiKeyResponse>, ValidationProblem, ProblemHttpResult>> CreateKeyAsync(
        CreateApiKeyRequest? request, ClaimsPrincipal user, ApiKeyStore keys, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var role = Validate(request, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        var caller = Caller.From(user);
        var name = request!.Name!.Trim();
        if (await keys.CreateUniqueAsync(caller.ProjectId, name, role, cancellationToken) is not (var key, var plaintext))
        {
            return ApiProblems.Conflict("Key name taken", $"A live key of this project is already named \"{name}\"; reviewers are recorded by key name, so each names one person. Revoke it first, or choose another name.");
        }

        ApiLog.KeyCreated(loggers.CreateLogger(typeof(ApiKeysApi)), caller.ProjectId, key.Id, request.Role!);
        return TypedResults.Created($"/api/keys/{key.Id}", CreatedApiKeyResponse.From(key, plaintext));
    }

    public static async Task<Ok<ApiKeyResponse[]>> ListKeysAsync(ClaimsPrincipal user, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        var listed = await keys.ListAsync(Caller.From(user).ProjectId, cancellationToken);
        return TypedResults.Ok(listed.Select(ApiKeyResponse.From).ToArray());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(
        Guid keyId, ClaimsPrincipal user, ApiKeyStore keys, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (!await keys.RevokeAsync(caller.ProjectId, keyId, cancellationToken))
        {
            return ApiProblems.NotFound("API key", keyId);
        }

        ApiLog.KeyRevoked(loggers.CreateLogger(typeof(ApiKeysApi)), caller.ProjectId, keyId);
        return TypedResults.NoContent();
    }

    /// <summary>Checks a key request, adding errors; returns the parsed role.</summary>
    public static ApiKeyRole Validate(CreateApiKeyRequest? request, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Required("name", request?.Name);
        if (request?.Name is { Length: > MaxNameLength })
        {
            errors.Add("name", $"must be at most {MaxNameLength} characters");
        }

        if (request?.Name?.Trim().StartsWith(ReservedNamePrefix, StringComparison.OrdinalIgnoreCase) == true)
        {
            errors.Add("name", $"must not start with \"{ReservedNamePrefix}\": that prefix names decisions the system makes itself");
        }

        if (Enum.TryParse<ApiKeyRole>(request?.Role, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(request!.Role, out _))
        {
            return role;
        }

        errors.Add("role", $"must be one of admin, editor, reviewer (was \"{request?.Role}\")");
        return default;
    }
}
