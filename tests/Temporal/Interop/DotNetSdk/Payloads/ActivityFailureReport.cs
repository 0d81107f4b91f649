namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;

/// <summary>
/// What a C# workflow saw when a TS activity failed: the exception types of the chain, the application failure's
/// fields, and its own cause as "ExceptionType ErrorType: message" ("ExceptionType: message" without an error type).
/// </summary>
public sealed record ActivityFailureReport(
    string Exception,
    string ActivityType,
    string RetryState,
    string? Cause,
    string? ErrorType,
    string? Message,
    bool NonRetryable,
    RejectionDetail? Detail,
    string? CauseOfCause);
