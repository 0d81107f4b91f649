using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace ContentFlows.Api.Access;

/// <summary>The authorization policies; each route group names the least role it needs.</summary>
internal static class ApiPolicies
{
    /// <summary>The configured bootstrap key: creates projects, nothing else.</summary>
    public const string Bootstrap = "bootstrap";

    /// <summary>Any key of a project.</summary>
    public const string Reader = "reader";

    /// <summary>Reviewers, editors and admins.</summary>
    public const string Reviewer = "reviewer";

    /// <summary>Editors and admins.</summary>
    public const string Editor = "editor";

    /// <summary>Admins only.</summary>
    public const string Admin = "admin";

    public const string BootstrapRole = "bootstrap";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Bootstrap, policy => policy.RequireAuthenticatedUser().RequireRole(BootstrapRole));
        options.AddPolicy(Reader, policy => policy.RequireAuthenticatedUser().RequireClaim(Caller.ProjectClaim));
        options.AddPolicy(Reviewer, policy => RequireRoles(policy, ApiKeyRole.Admin, ApiKeyRole.Editor, ApiKeyRole.Reviewer));
        options.AddPolicy(Editor, policy => RequireRoles(policy, ApiKeyRole.Admin, ApiKeyRole.Editor));
        options.AddPolicy(Admin, policy => RequireRoles(policy, ApiKeyRole.Admin));
    }

    private static void RequireRoles(AuthorizationPolicyBuilder policy, params ApiKeyRole[] roles) =>
        policy.RequireAuthenticatedUser()
            .RequireClaim(Caller.ProjectClaim)
            .RequireClaim(ClaimTypes.Role, roles.Select(role => role.ToString().ToLowerInvariant()));
}
