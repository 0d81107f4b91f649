namespace ContentFlows.Activities.Notifications;

/// <summary>
/// Links to the reviewers' page under the API's public address (<c>ContentFlows:PublicBaseUrl</c>), the address people
/// open from a notification, which the worker cannot guess from where it runs.
/// </summary>
public sealed class ReviewLinks
{
    /// <summary>The base URL used unless configured: the API's default local address.</summary>
    public const string DefaultPublicBaseUrl = "http://127.0.0.1:5080/";

    private readonly Uri reviewPage;

    /// <summary>Initializes a new instance for the API at <paramref name="publicBaseUrl"/>.</summary>
    /// <exception cref="ArgumentException">The URL is not an absolute http(s) URL.</exception>
    public ReviewLinks(string publicBaseUrl)
    {
        if (!Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"ContentFlows:PublicBaseUrl must be the API's absolute http(s) address as people reach it (was \"{publicBaseUrl}\").", nameof(publicBaseUrl));
        }

        reviewPage = new Uri(new Uri(baseUrl.ToString().TrimEnd('/') + "/"), "review");
    }

    /// <summary>Returns the reviewers' page opened at a run.</summary>
    public Uri ForRun(Guid runId) => new($"{reviewPage}?run={runId}");

    /// <summary>Returns the reviewers' page for a batch's drafts.</summary>
    public Uri ForBatch(Guid batchId) => new($"{reviewPage}?batch={batchId}");
}
