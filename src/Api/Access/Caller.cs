using System.Globalization;
using System.Security.Claims;

namespace ContentFlows.Api.Access;

/// <summary>Who is calling: the project their key belongs to, the key's name (the reviewer identity) and its role.</summary>
internal sealed record Caller(Guid ProjectId, Guid KeyId, string Name, ApiKeyRole Role)
{
    public const string ProjectClaim = "cf:project";
    public const string KeyClaim = "cf:key";

    /// <summary>Reads the caller from an authenticated project key's claims.</summary>
    /// <exception cref="InvalidOperationException">The principal is not a project key (a policy let the wrong caller through).</exception>
    public static Caller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var project = user.FindFirstValue(ProjectClaim) ?? throw new InvalidOperationException("The caller is not a project API key.");
        return new Caller(
            Guid.Parse(project, CultureInfo.InvariantCulture),
            Guid.Parse(user.FindFirstValue(KeyClaim)!, CultureInfo.InvariantCulture),
            user.FindFirstValue(ClaimTypes.Name)!,
            Enum.Parse<ApiKeyRole>(user.FindFirstValue(ClaimTypes.Role)!, ignoreCase: true));
    }
}
