using Microsoft.Extensions.Logging;

namespace ContentFlows.Activities.Llm;

/// <summary>The LLM client's structured log events; workflow, run and activity ids come from the activity's scope.</summary>
internal static partial class LlmLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "LLM call to {Model} answered by {AnsweredBy}: {PromptTokens} prompt + {CompletionTokens} completion tokens in {ElapsedMs} ms")]
    internal static partial void CallCompleted(ILogger logger, string model, string answeredBy, int promptTokens, int completionTokens, long elapsedMs);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "LLM call to {Model} failed with {ErrorType} (HTTP {StatusCode}); retryable: {Retryable}, retry after: {RetryAfter}")]
    internal static partial void CallFailed(ILogger logger, string model, string errorType, int? statusCode, bool retryable, TimeSpan? retryAfter, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "LLM endpoint reported no token usage for {Model}; recording 0 tokens and keeping the estimate of {EstimatedTokens} in the rate limiter")]
    internal static partial void UsageMissing(ILogger logger, string model, int estimatedTokens);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "LLM reply from {Model} was not valid JSON ({ParseError}); asking once for a repair")]
    internal static partial void RepairRequested(ILogger logger, string model, string parseError);
}
