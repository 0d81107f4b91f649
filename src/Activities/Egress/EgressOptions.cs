namespace ContentFlows.Activities.Egress;

/// <summary>
/// What the worker may reach on a tenant's behalf (research URLs, webhooks, WordPress sites, LLM endpoints). By default
/// only public addresses: loopback, private, link-local, unique-local, multicast and cloud metadata addresses are
/// refused unless the operator allow-lists the host here.
/// </summary>
public sealed class EgressOptions
{
    /// <summary>The most bytes a response may have unless configured otherwise: 5 MiB.</summary>
    public const long DefaultMaxResponseBytes = 5 * 1024 * 1024;

    /// <summary>Initializes a new instance with defaults: nothing allow-listed.</summary>
    public EgressOptions()
    {
    }

    /// <summary>Initializes a new instance allow-listing <paramref name="allowedHosts"/>.</summary>
    public EgressOptions(IEnumerable<string> allowedHosts) => AllowedHosts = [.. allowedHosts];

    /// <summary>
    /// Gets or sets the host names or IP literals (as written in URLs, case-insensitive) the worker may reach whatever
    /// they resolve to, and may send credentials to over plain http. Default empty.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Gets or sets the most bytes one response body may have. Default <see cref="DefaultMaxResponseBytes"/>.</summary>
    public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>Throws naming the bad property and value.</summary>
    public void Validate()
    {
        if (AllowedHosts is null || AllowedHosts.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("EgressOptions.AllowedHosts must be a list of host names or IP literals without empty entries.", nameof(AllowedHosts));
        }

        if (MaxResponseBytes is < 1024 or > int.MaxValue)
        {
            throw new ArgumentException($"EgressOptions.MaxResponseBytes must be within 1024..{int.MaxValue} (was {MaxResponseBytes}).", nameof(MaxResponseBytes));
        }
    }
}
