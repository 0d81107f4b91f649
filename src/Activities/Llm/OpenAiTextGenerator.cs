using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;
using OpenAI.Chat;

namespace ContentFlows.Activities.Llm;

/// <summary>
/// An <see cref="ITextGenerator"/> for any OpenAI-compatible chat-completions endpoint, through the official
/// <c>OpenAI</c> package. It makes exactly one HTTP call per request: the package's own retries are off, and
/// failures become <see cref="LlmException"/>s saying whether (and after what delay) Temporal should retry.
/// </summary>
public sealed class OpenAiTextGenerator : ITextGenerator
{
    private readonly OpenAiTextGeneratorOptions options;
    private readonly IRateLimiter rateLimiter;
    private readonly ILogger logger;
    private readonly OpenAIClient client;
    private readonly string endpoint;
    private readonly ConcurrentDictionary<string, ChatClient> chatClients = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="OpenAiTextGenerator"/> class.</summary>
    /// <param name="options">The endpoint, key and timeouts; validated here.</param>
    /// <param name="rateLimiter">Admits each call within the endpoint's and model's limits.</param>
    /// <param name="logger">Receives call events; null for none.</param>
    public OpenAiTextGenerator(OpenAiTextGeneratorOptions options, IRateLimiter rateLimiter, ILogger<OpenAiTextGenerator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rateLimiter);
        options.Validate();
        this.options = options;
        this.rateLimiter = rateLimiter;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        endpoint = options.Endpoint!.ToString();
        client = new OpenAIClient(
            new ApiKeyCredential(options.ApiKey!),
            new OpenAIClientOptions
            {
                Endpoint = options.Endpoint,
                NetworkTimeout = options.NetworkTimeout,

                // Temporal's activity retry policy is the one retry loop; retries in here would hide attempts
                // from the history and ignore the policy's limits.
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                Transport = options.Egress is { } egress ? new HttpClientPipelineTransport(egress.CreateClient()) : null,
            });
    }

    /// <inheritdoc/>
    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Model, nameof(request));
        if (request.Messages is null || request.Messages.Count == 0)
        {
            throw new ArgumentException("A generation request needs at least one message.", nameof(request));
        }

        var messages = request.Messages.Select(ToChatMessage).ToList();
        var completionOptions = new ChatCompletionOptions
        {
            Temperature = (float)request.Temperature,
            MaxOutputTokenCount = options.MaxOutputTokens,
            ResponseFormat = request.JsonMode ? ChatResponseFormat.CreateJsonObjectFormat() : null,
        };

        var estimatedTokens = EstimateTokens(request);
        var lease = await rateLimiter.AcquireAsync(new RateLimitKey(endpoint, request.Model), estimatedTokens, cancellationToken).ConfigureAwait(false);
        var started = options.TimeProvider.GetTimestamp();
        ChatCompletion completion;
        try
        {
            var chat = chatClients.GetOrAdd(request.Model, static (model, c) => c.GetChatClient(model), client);
            completion = (await chat.CompleteChatAsync(messages, completionOptions, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (Exception exception) when (Translate(exception, cancellationToken) is { } failure)
        {
            LlmLog.CallFailed(logger, request.Model, failure.ErrorType, (failure as LlmTransientException)?.StatusCode ?? (failure as LlmRequestRejectedException)?.StatusCode, failure.IsRetryable, failure.RetryAfter, exception);
            throw failure;
        }

        var answeredBy = string.IsNullOrEmpty(completion.Model) ? request.Model : completion.Model;
        var text = string.Concat(completion.Content.Where(part => part.Kind == ChatMessageContentPartKind.Text).Select(part => part.Text));
        if (completion.Usage is not { } usage)
        {
            LlmLog.UsageMissing(logger, request.Model, estimatedTokens);
            return new GenerationResult(text, 0, 0, answeredBy);
        }

        lease.Complete(usage.InputTokenCount + usage.OutputTokenCount);
        LlmLog.CallCompleted(logger, request.Model, answeredBy, usage.InputTokenCount, usage.OutputTokenCount, (long)options.TimeProvider.GetElapsedTime(started).TotalMilliseconds);
        return new GenerationResult(text, usage.InputTokenCount, usage.OutputTokenCount, answeredBy);
    }

    /// <summary>Roughly four characters per token for the prompt, plus the most the reply may take.</summary>
    private int EstimateTokens(GenerationRequest request)
    {
        var promptCharacters = request.Messages.Sum(message => (long)(message.Content?.Length ?? 0));
        var estimate = (promptCharacters / 4) + (options.MaxOutputTokens ?? OpenAiTextGeneratorOptions.DefaultCompletionTokenEstimate);
        return (int)Math.Min(estimate, int.MaxValue);
    }

    private static ChatMessage ToChatMessage(PromptMessage message) => message.Role switch
    {
        "system" => new SystemChatMessage(message.Content),
        "user" => new UserChatMessage(message.Content),
        "assistant" => new AssistantChatMessage(message.Content),
        _ => throw new ArgumentException($"Unknown message role '{message.Role}'; expected system, user or assistant.", nameof(message)),
    };

    /// <summary>Maps what the package throws to an <see cref="LlmException"/>; null leaves the exception as it is.</summary>
    private LlmException? Translate(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up (activity cancelled): not a provider failure.
            return null;
        }

        switch (exception)
        {
            case ClientResultException { Status: 0 } noAnswer when IsTimeout(noAnswer):
            case OperationCanceledException or TimeoutException:
                return new LlmTransientException($"The LLM endpoint did not answer within {options.NetworkTimeout}.", LlmErrorTypes.Timeout, statusCode: null, retryAfter: null, exception);
            case ClientResultException { Status: 0 } noAnswer:
                return new LlmTransientException($"The LLM endpoint could not be reached: {noAnswer.Message}", LlmErrorTypes.NetworkError, statusCode: null, retryAfter: null, exception);
            case ClientResultException failed:
                var response = failed.GetRawResponse();
                var providerMessage = ReadProviderMessage(response) ?? failed.Message;
                return failed.Status switch
                {
                    (int)HttpStatusCode.TooManyRequests => new LlmTransientException(
                        $"The LLM endpoint is rate limiting (HTTP 429): {providerMessage}", LlmErrorTypes.RateLimited, failed.Status, ReadRetryAfter(response), exception),
                    (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.Conflict or >= 500 => new LlmTransientException(
                        $"The LLM endpoint failed with HTTP {failed.Status}: {providerMessage}", LlmErrorTypes.ServerError, failed.Status, ReadRetryAfter(response), exception),
                    _ => new LlmRequestRejectedException(failed.Status, providerMessage, exception),
                };
            case HttpRequestException:
                return new LlmTransientException($"The LLM endpoint could not be reached: {exception.Message}", LlmErrorTypes.NetworkError, statusCode: null, retryAfter: null, exception);
            default:
                return null;
        }
    }

    private static bool IsTimeout(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is OperationCanceledException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads <c>error.message</c> from an OpenAI-style error body, the part that says what to fix.</summary>
    private static string? ReadProviderMessage(PipelineResponse? response)
    {
        try
        {
            var body = response?.Content;
            if (body is null || body.ToMemory().IsEmpty)
            {
                return null;
            }

            using var document = JsonDocument.Parse(body.ToMemory());
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String
                    ? message.GetString()
                    : body.ToString();
        }
        catch (JsonException)
        {
            // Proxies in front of endpoints answer with HTML or plain text; the body is still the best message.
            return response?.Content?.ToString();
        }
    }

    /// <summary>Reads OpenAI's <c>retry-after-ms</c>, else <c>Retry-After</c> in seconds or as an HTTP date.</summary>
    private TimeSpan? ReadRetryAfter(PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (!response.Headers.TryGetValue("Retry-After", out var retryAfter) || string.IsNullOrWhiteSpace(retryAfter))
        {
            return null;
        }

        if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParseExact(retryAfter.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var delay = date - options.TimeProvider.GetUtcNow();
            return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
        }

        return null;
    }
}
