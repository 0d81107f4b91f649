namespace ContentFlows.Activities.Projects;

/// <summary>Where a project secret may go, declared by an admin.</summary>
/// <param name="Purpose">One of <see cref="ProjectSecretPurposes"/>.</param>
/// <param name="Host">The only host it may be sent to; null for any (only where <see cref="ProjectSecretPurposes.RequiresHost"/> is false).</param>
public sealed record ProjectSecretScope(string Purpose, string? Host = null)
{
    /// <summary>Lists what is wrong with this scope; each problem starts with <paramref name="path"/>.</summary>
    public IReadOnlyList<string> Validate(string path)
    {
        var problems = new List<string>();
        if (!ProjectSecretPurposes.All.Contains(Purpose))
        {
            problems.Add($"{path}.purpose must be one of {string.Join(", ", ProjectSecretPurposes.All)} (was \"{Purpose}\").");
        }
        else if (ProjectSecretPurposes.RequiresHost(Purpose) && string.IsNullOrWhiteSpace(Host))
        {
            problems.Add($"{path}.host is required for a {Purpose} secret: the host its channel may send it to.");
        }

        if (Host is not null && (Uri.CheckHostName(Host) == UriHostNameType.Unknown || Host.Contains(':', StringComparison.Ordinal) && Uri.CheckHostName(Host) != UriHostNameType.IPv6))
        {
            problems.Add($"{path}.host must be a host name or IP address without scheme or port (was \"{Host}\").");
        }

        return problems;
    }
}
