using System.Text.Json;
using ContentFlows.Activities.Costs;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Stages;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Activities.Generation;

/// <summary>
/// Calls the project's generator for a stage with its model and temperature, and records every call's tokens and
/// cost as soon as it returns — a repair call, or a call whose stage later fails, costs all the same.
/// </summary>
public sealed partial class MeteredTextGeneration(TextGeneratorSelector generators, LlmCallStore calls, LlmCostCalculator prices, ILoggerFactory loggerFactory)
{
    private readonly ILogger logger = loggerFactory.CreateLogger<MeteredTextGeneration>();

    /// <summary>Generates free text with the model configured for the context's stage type.</summary>
    public Task<GenerationResult> GenerateAsync(StageContext context, IReadOnlyList<PromptMessage> messages, bool jsonMode)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Recording(context).GenerateAsync(Request(context, context.Invocation.StageType, messages, jsonMode), context.CancellationToken);
    }

    /// <summary>
    /// Generates a JSON object and parses it with <paramref name="parse"/> (which throws <see cref="JsonException"/> on a
    /// malformed or invalid reply); a bad reply gets one repair attempt, see <see cref="StructuredOutputGenerator"/>.
    /// </summary>
    public Task<StructuredGenerationResult<T>> GenerateJsonAsync<T>(StageContext context, IReadOnlyList<PromptMessage> messages, Func<string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(context);
        return GenerateJsonAsync(context, context.Invocation.StageType, messages, parse);
    }

    /// <summary>
    /// Generates a JSON object with the model configured for <paramref name="modelStage"/> rather than the context's stage
    /// type: a stage doing another's work (a batch's <c>translate-from-master</c> translates) uses that stage's model.
    /// </summary>
    public Task<StructuredGenerationResult<T>> GenerateJsonAsync<T>(StageContext context, string modelStage, IReadOnlyList<PromptMessage> messages, Func<string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(context);
        var structured = new StructuredOutputGenerator(Recording(context), loggerFactory.CreateLogger<StructuredOutputGenerator>());
        return structured.GenerateJsonAsync(Request(context, modelStage, messages, jsonMode: true), parse, context.CancellationToken);
    }

    private static GenerationRequest Request(StageContext context, string modelStage, IReadOnlyList<PromptMessage> messages, bool jsonMode)
    {
        var llm = context.Project.Llm;
        return new GenerationRequest(messages, llm.ModelFor(modelStage), llm.Temperature, jsonMode);
    }

    private RecordingGenerator Recording(StageContext context) => new(this, context, generators.For(context.Project));

    private async Task RecordAsync(StageContext context, GenerationRequest request, GenerationResult result)
    {
        var stage = context.Invocation.StageType;
        var cost = prices.Calculate(context.Project.Llm, result.Model, request.Model, result.PromptTokens, result.CompletionTokens);
        var call = new LlmCallRecord(context.Run.Id, stage, result.Model, result.PromptTokens, result.CompletionTokens, cost.Cost)
        {
            Currency = cost.Currency,
            RequestedModel = request.Model,
            PricedAs = cost.PricedAs,
            InputPricePer1M = cost.Price?.InputPer1M,
            OutputPricePer1M = cost.Price?.OutputPer1M,
        };

        // Not the activity's token: a call that returned has been paid for, even if the activity is being cancelled.
        await calls.AddAsync(call, CancellationToken.None).ConfigureAwait(false);
        if (cost.Price is null)
        {
            LogUnpriced(context.Run.Id, stage, result.Model, request.Model, cost.Currency);
        }

        LogCall(context.Run.Id, stage, result.Model, result.PromptTokens, result.CompletionTokens, cost.Cost, cost.Currency);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} stage {Stage}: {Model} used {PromptTokens}+{CompletionTokens} tokens costing {Cost} {Currency}")]
    private partial void LogCall(Guid runId, string stage, string model, int promptTokens, int completionTokens, decimal cost, string currency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} stage {Stage}: no {Currency} price for model {Model} (requested as {RequestedModel}); the call is recorded as unpriced at 0")]
    private partial void LogUnpriced(Guid runId, string stage, string model, string requestedModel, string currency);

    private sealed class RecordingGenerator(MeteredTextGeneration owner, StageContext context, ITextGenerator inner) : ITextGenerator
    {
        public async Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
        {
            var result = await inner.GenerateAsync(request, cancellationToken).ConfigureAwait(false);
            await owner.RecordAsync(context, request, result).ConfigureAwait(false);
            return result;
        }
    }
}
