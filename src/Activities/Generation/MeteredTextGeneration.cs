using ContentFlows.Activities.Costs;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Stages;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Activities.Generation;

/// <summary>Calls the text generator for a stage with the project's model and temperature, and records the call's cost.</summary>
public sealed partial class MeteredTextGeneration(ITextGenerator generator, LlmCallStore calls, ILogger<MeteredTextGeneration> logger)
{
    /// <summary>Generates with the model configured for the context's stage type.</summary>
    public async Task<GenerationResult> GenerateAsync(StageContext context, IReadOnlyList<PromptMessage> messages, bool jsonMode)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stage = context.Invocation.StageType;
        var llm = context.Project.Llm;
        var result = await generator.GenerateAsync(new GenerationRequest(messages, llm.ModelFor(stage), llm.Temperature, jsonMode), context.CancellationToken).ConfigureAwait(false);
        var cost = llm.CostOf(result.PromptTokens, result.CompletionTokens);
        await calls.AddAsync(new LlmCallRecord(context.Run.Id, stage, result.Model, result.PromptTokens, result.CompletionTokens, cost), context.CancellationToken).ConfigureAwait(false);
        LogCall(context.Run.Id, stage, result.Model, result.PromptTokens, result.CompletionTokens, cost);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} stage {Stage}: {Model} used {PromptTokens}+{CompletionTokens} tokens costing {Cost}")]
    private partial void LogCall(Guid runId, string stage, string model, int promptTokens, int completionTokens, decimal cost);
}
