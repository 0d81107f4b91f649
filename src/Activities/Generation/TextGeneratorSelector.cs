using System.Collections.Concurrent;
using ContentFlows.Activities.Egress;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Stages;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Activities.Generation;

/// <summary>
/// Picks the generator for a project: the registered <see cref="ITextGenerator"/> (the offline one unless replaced)
/// when its LLM settings name no endpoint, else an <see cref="OpenAiTextGenerator"/> for that endpoint with the API key
/// read from the project secret <see cref="LlmSettings.ApiKeySecret"/>. Clients are built once per endpoint and key
/// and shared, so their connection pools and the rate limiter's buckets are too.
/// </summary>
public sealed class TextGeneratorSelector(ITextGenerator withoutEndpoint, IRateLimiter rateLimiter, StageSecretReader secrets, EgressPolicy egress, ILoggerFactory loggerFactory, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<(string Endpoint, string ApiKey, int TimeoutSeconds), OpenAiTextGenerator> clients = new();

    /// <summary>
    /// Returns the generator a project's stages use. With an endpoint, the key is read (through a short cache) when a
    /// call is made, so a missing key fails the call with a <see cref="StageConfigurationException"/>, which the stage
    /// activity reports as non-retryable.
    /// </summary>
    public ITextGenerator For(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project.Llm.HasEndpoint ? new ProjectEndpointGenerator(this, project) : withoutEndpoint;
    }

    private async Task<OpenAiTextGenerator> ClientForAsync(Project project, CancellationToken cancellationToken)
    {
        var settings = project.Llm;
        var endpoint = new Uri(settings.Endpoint!);
        if (egress.RefusalOf(endpoint, carriesCredentials: true) is { } refusal)
        {
            throw new StageConfigurationException($"The LLM endpoint {settings.Endpoint} is refused by the worker's egress policy: {refusal}.");
        }

        var apiKey = await secrets.RequireAsync(project.Id, settings.ApiKeySecret, ProjectSecretPurposes.LlmApiKey, endpoint, $"the API key of the LLM endpoint {settings.Endpoint}", cancellationToken).ConfigureAwait(false);
        return clients.GetOrAdd(
            (settings.Endpoint!, apiKey, settings.RequestTimeoutSeconds),
            key => new OpenAiTextGenerator(
                new OpenAiTextGeneratorOptions(new Uri(key.Endpoint), key.ApiKey)
                {
                    NetworkTimeout = TimeSpan.FromSeconds(key.TimeoutSeconds),
                    TimeProvider = timeProvider,
                    Egress = egress,
                },
                rateLimiter,
                loggerFactory.CreateLogger<OpenAiTextGenerator>()));
    }

    private sealed class ProjectEndpointGenerator(TextGeneratorSelector owner, Project project) : ITextGenerator
    {
        public async Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
        {
            var client = await owner.ClientForAsync(project, cancellationToken).ConfigureAwait(false);
            return await client.GenerateAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
