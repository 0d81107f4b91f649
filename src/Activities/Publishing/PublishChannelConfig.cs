using ContentFlows.Activities.Projects;

namespace ContentFlows.Activities.Publishing;

/// <summary>
/// One channel of a <c>publish</c> stage. Credentials are named, never given: the worker reads them from the
/// project's encrypted secrets, so they stay out of definitions, workflow payloads, histories and logs.
/// </summary>
public sealed class PublishChannelConfig
{
    /// <summary>The most seconds one HTTP call may take.</summary>
    public const int MaxTimeoutSeconds = 120;

    /// <summary>Gets or sets the channel type, one of <see cref="PublishChannelTypes"/>. Required.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the name runs schedule this channel's publication by (<c>publishAt</c>, the calendar); optional, the
    /// type by default. Channels sharing a name are scheduled together.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>Gets the name publications on this channel are scheduled by: <see cref="Name"/>, else <see cref="Type"/>.</summary>
    public string EffectiveName => string.IsNullOrEmpty(Name) ? Type : Name;

    /// <summary>Gets or sets, for <c>webhook</c>, the URL posted to; for <c>wordpress</c>, the site's base URL (the REST API is under /wp-json/). Absolute http(s).</summary>
    public string? Url { get; set; }

    /// <summary>Gets or sets, for <c>webhook</c>, the name of the project secret holding the HMAC-SHA256 signing key. Required there.</summary>
    public string? SigningSecretName { get; set; }

    /// <summary>Gets or sets, for <c>wordpress</c>, the WordPress user the posts are created as. Required there.</summary>
    public string? Username { get; set; }

    /// <summary>Gets or sets, for <c>wordpress</c>, the name of the project secret holding that user's application password. Required there.</summary>
    public string? ApplicationPasswordSecretName { get; set; }

    /// <summary>
    /// Gets or sets how long one HTTP call may take before it fails as retryable; 1..<see cref="MaxTimeoutSeconds"/>,
    /// default 30. It stays below the stage activity's timeout so the attempt can report why it failed.
    /// </summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Lists what is wrong with this channel; each problem starts with <paramref name="path"/>.</summary>
    public IReadOnlyList<string> Validate(string path)
    {
        var problems = new List<string>();
        if (Name is not null && !ChannelNames.IsValid(Name))
        {
            problems.Add($"{path}.name must be {ChannelNames.Rule} (was \"{Name}\").");
        }

        switch (Type)
        {
            case PublishChannelTypes.StaticFiles:
                if (Url is not null || SigningSecretName is not null || Username is not null || ApplicationPasswordSecretName is not null)
                {
                    problems.Add($"{path}: a static-files channel takes no url or credentials (it writes to the worker's publish folder).");
                }

                return problems;
            case PublishChannelTypes.Webhook:
                RequireUrl(path, problems);
                RequireSecretName(path, "signingSecretName", SigningSecretName, problems);
                break;
            case PublishChannelTypes.WordPress:
                RequireUrl(path, problems);
                if (string.IsNullOrWhiteSpace(Username))
                {
                    problems.Add($"{path}.username is required: the WordPress user the drafts are created as.");
                }

                RequireSecretName(path, "applicationPasswordSecretName", ApplicationPasswordSecretName, problems);
                break;
            default:
                problems.Add($"{path}.type: unknown channel \"{Type}\"; known: {string.Join(", ", PublishChannelTypes.All)}.");
                return problems;
        }

        if (TimeoutSeconds is < 1 or > MaxTimeoutSeconds)
        {
            problems.Add($"{path}.timeoutSeconds must be within 1..{MaxTimeoutSeconds} (was {TimeoutSeconds}).");
        }

        return problems;
    }

    private static void RequireSecretName(string path, string property, string? name, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add($"{path}.{property} is required: the name of the project secret to use (the secret itself never goes into a definition).");
        }
        else if (!ProjectSecretNames.IsValid(name))
        {
            problems.Add($"{path}.{property} must be a secret name: {ProjectSecretNames.Rule} (was \"{name}\").");
        }
    }

    private void RequireUrl(string path, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(Url))
        {
            problems.Add($"{path}.url is required for a {Type} channel.");
        }
        else if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"{path}.url must be an absolute http or https URL (was \"{Url}\").");
        }
        else if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            // Credentials in a URL would end up in the definition and the history.
            problems.Add($"{path}.url must not carry credentials; name a project secret instead.");
        }
    }
}
