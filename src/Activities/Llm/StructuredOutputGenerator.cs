using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContentFlows.Activities.Llm;

/// <summary>
/// Asks an <see cref="ITextGenerator"/> for a JSON object and parses it. A malformed or invalid reply gets one
/// repair attempt (the reply and the error are sent back); still malformed, it fails with the non-retryable
/// <see cref="LlmMalformedOutputException"/>, because repeating the same prompt rarely fixes it.
/// </summary>
public sealed class StructuredOutputGenerator
{
    private readonly ITextGenerator generator;
    private readonly ILogger logger;

    /// <summary>Initializes a new instance of the <see cref="StructuredOutputGenerator"/> class.</summary>
    /// <param name="generator">The generator that makes the calls.</param>
    /// <param name="logger">Receives repair events; null for none.</param>
    public StructuredOutputGenerator(ITextGenerator generator, ILogger<StructuredOutputGenerator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        this.generator = generator;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Generates JSON and deserializes it into <typeparamref name="T"/>, then checks it with <paramref name="validate"/>.</summary>
    /// <typeparam name="T">The type to deserialize into.</typeparam>
    /// <param name="request">
    /// The request; sent in JSON mode whatever its flag says. Its prompt must say "JSON" and describe the object
    /// wanted: OpenAI refuses JSON mode (HTTP 400) when no message mentions JSON.
    /// </param>
    /// <param name="validate">Returns the problems of a deserialized value (empty when valid); null to only deserialize.</param>
    /// <param name="serializerOptions">How to deserialize; null for <see cref="JsonSerializerOptions.Web"/>.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The value and the calls made.</returns>
    public Task<StructuredGenerationResult<T>> GenerateJsonAsync<T>(
        GenerationRequest request,
        Func<T, IReadOnlyList<string>>? validate,
        JsonSerializerOptions? serializerOptions,
        CancellationToken cancellationToken)
    {
        var jsonOptions = serializerOptions ?? JsonSerializerOptions.Web;
        return GenerateJsonAsync(
            request,
            json =>
            {
                var value = JsonSerializer.Deserialize<T>(json, jsonOptions) ?? throw new JsonException("The reply is JSON null; an object is required.");
                var problems = validate?.Invoke(value) ?? [];
                return problems.Count == 0 ? value : throw new JsonException($"The JSON does not meet the requirements: {string.Join("; ", problems)}");
            },
            cancellationToken);
    }

    /// <summary>Generates JSON and turns it into <typeparamref name="T"/> with <paramref name="parse"/>.</summary>
    /// <typeparam name="T">The parsed type.</typeparam>
    /// <param name="request">The request; sent in JSON mode whatever its flag says.</param>
    /// <param name="parse">
    /// Parses and validates the reply; throws <see cref="JsonException"/> (with a message the model can act on)
    /// when it is malformed or invalid. Other exceptions are not the model's fault and propagate.
    /// </param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The value and the calls made.</returns>
    public async Task<StructuredGenerationResult<T>> GenerateJsonAsync<T>(GenerationRequest request, Func<string, T> parse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parse);
        var jsonRequest = request with { JsonMode = true };
        var first = await generator.GenerateAsync(jsonRequest, cancellationToken).ConfigureAwait(false);
        if (TryParse(first.Text, parse, out var value, out var firstError))
        {
            return new StructuredGenerationResult<T>(value, [first]);
        }

        LlmLog.RepairRequested(logger, request.Model, firstError.Message);
        var repairRequest = jsonRequest with
        {
            Messages =
            [
                .. jsonRequest.Messages,
                new PromptMessage("assistant", first.Text),
                new PromptMessage("user", $"Your previous reply could not be used: {firstError.Message} Reply again with only the corrected JSON object, and nothing else."),
            ],
        };
        var second = await generator.GenerateAsync(repairRequest, cancellationToken).ConfigureAwait(false);
        if (TryParse(second.Text, parse, out value, out var secondError))
        {
            return new StructuredGenerationResult<T>(value, [first, second]);
        }

        throw new LlmMalformedOutputException(secondError.Message, second.Text, [first, second], secondError);
    }

    private static bool TryParse<T>(string text, Func<string, T> parse, [MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out JsonException? error)
    {
        try
        {
            value = parse(StripCodeFence(text));
            error = null;
            return true;
        }
        catch (JsonException exception)
        {
            value = default;
            error = exception;
            return false;
        }
    }

    /// <summary>Removes a Markdown code fence around the JSON: many models add one even in JSON mode.</summary>
    private static string StripCodeFence(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal) || !trimmed.EndsWith("```", StringComparison.Ordinal) || trimmed.Length < 6)
        {
            return trimmed;
        }

        var firstLineEnd = trimmed.IndexOf('\n', StringComparison.Ordinal);
        return firstLineEnd < 0 ? trimmed : trimmed[(firstLineEnd + 1)..^3].Trim();
    }
}
