using System.Collections.Concurrent;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Stages;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Activities.Generation;

/// <summary>
/// Picks the generator for a project's LLM settings: the registered <see cref="ITextGenerator"/> (the offline one
/// unless replaced) when no endpoint is named, else an <see cref="OpenAiTextGenerator"/> for that endpoint, built once
/// and shared so its connection pool and the rate limiter's buckets are too.
/// </summary>
public sealed class TextGeneratorSelector(ITextGenerator withoutEndpoint, IRateLimiter rateLimiter, ILoggerFactory loggerFactory, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<(string Endpoint, string ApiKey, int TimeoutSeconds), OpenAiTextGenerator> clients = new();

    /// <summary>Returns the generator a project's stages use.</summary>
    /// <exception cref="StageConfigurationException">An endpoint is named but its API key variable is not set.</exception>
    public ITextGenerator For(LlmSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.HasEndpoint)
        {
            return withoutEndpoint;
        }

        var variable = settings.ApiKeyVariable ?? LlmSettings.DefaultApiKeyVariable;
        var apiKey = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            // Retrying cannot set a variable; the operator must (local servers accept any non-empty value).
            throw new StageConfigurationException($"The project's LLM endpoint {settings.Endpoint} needs an API key in the worker's environment variable {variable}, which is not set.");
        }

        return clients.GetOrAdd(
            (settings.Endpoint!, apiKey, settings.RequestTimeoutSeconds),
            key => new OpenAiTextGenerator(
                new OpenAiTextGeneratorOptions(new Uri(key.Endpoint), key.ApiKey)
                {
                    NetworkTimeout = TimeSpan.FromSeconds(key.TimeoutSeconds),
                    TimeProvider = timeProvider,
                },
                rateLimiter,
                loggerFactory.CreateLogger<OpenAiTextGenerator>()));
    }
}
