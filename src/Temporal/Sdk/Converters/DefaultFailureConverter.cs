using ContentFlows.Temporal.Exceptions;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;

namespace ContentFlows.Temporal.Converters;

/// <summary>
/// Converts between exceptions and <c>temporal.api.failure.v1.Failure</c> the way every Temporal SDK does:
/// each <see cref="FailureException"/> maps to its <c>failure_info</c>; any other exception becomes an
/// application failure whose type is the exception type's name; inner exceptions become causes (and back).
/// An exception that was itself converted from a failure converts back to that same failure.
/// </summary>
public class DefaultFailureConverter : IFailureConverter
{
    /// <summary>The <c>source</c> written into failures created here.</summary>
    public const string FailureSource = "ContentFlowsDotNetSDK";

    // Guards against cycles and absurd chains; Temporal's own SDKs stop at similar depths.
    private const int MaxCauseDepth = 100;

    /// <summary>Gets the shared instance.</summary>
    public static DefaultFailureConverter Instance { get; } = new();

    /// <inheritdoc/>
    public virtual Failure ToFailure(Exception exception, IPayloadConverter payloads)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(payloads);
        return ToFailure(exception, payloads, 0);
    }

    /// <inheritdoc/>
    public virtual Exception ToException(Failure failure, IPayloadConverter payloads)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(payloads);
        return ToException(failure, payloads, 0);
    }

    private static FailureDetails Details(Payloads? payloads, IPayloadConverter converter) =>
        payloads is null || payloads.Payloads_.Count == 0
            ? FailureDetails.Empty
            : FailureDetails.FromPayloads([.. payloads.Payloads_], converter);

    private static Payloads? DetailsToPayloads(FailureDetails details, IPayloadConverter converter) =>
        details.Count == 0 ? null : details.ToPayloads(converter);

    private Failure ToFailure(Exception exception, IPayloadConverter payloads, int depth)
    {
        if (exception is FailureException { Failure: { } received })
        {
            return received.Clone();
        }

        var failure = new Failure
        {
            Message = exception.Message,
            StackTrace = exception.StackTrace ?? string.Empty,
            Source = FailureSource,
        };
        if (exception.InnerException is { } inner && depth < MaxCauseDepth)
        {
            failure.Cause = ToFailure(inner, payloads, depth + 1);
        }

        switch (exception)
        {
            case ApplicationFailureException app:
                failure.ApplicationFailureInfo = new ApplicationFailureInfo
                {
                    Type = app.ErrorType ?? string.Empty,
                    NonRetryable = app.NonRetryable,
                    Details = DetailsToPayloads(app.Details, payloads),
                    NextRetryDelay = app.NextRetryDelay is { } delay ? Duration.FromTimeSpan(delay) : null,
                };
                break;
            case CanceledFailureException canceled:
                failure.CanceledFailureInfo = new CanceledFailureInfo { Details = DetailsToPayloads(canceled.Details, payloads) };
                break;
            case TerminatedFailureException:
                failure.TerminatedFailureInfo = new TerminatedFailureInfo();
                break;
            case TimeoutFailureException timeout:
                failure.TimeoutFailureInfo = new TimeoutFailureInfo
                {
                    TimeoutType = timeout.TimeoutType,
                    LastHeartbeatDetails = DetailsToPayloads(timeout.LastHeartbeatDetails, payloads),
                };
                break;
            case ServerFailureException server:
                failure.ServerFailureInfo = new ServerFailureInfo { NonRetryable = server.NonRetryable };
                break;
            case ActivityFailureException activity:
                failure.ActivityFailureInfo = new ActivityFailureInfo
                {
                    ActivityType = new ActivityType { Name = activity.ActivityType },
                    ActivityId = activity.ActivityId,
                    RetryState = activity.RetryState,
                    Identity = activity.Identity ?? string.Empty,
                    ScheduledEventId = activity.ScheduledEventId,
                    StartedEventId = activity.StartedEventId,
                };
                break;
            case ChildWorkflowFailureException child:
                failure.ChildWorkflowExecutionFailureInfo = new ChildWorkflowExecutionFailureInfo
                {
                    Namespace = child.Namespace,
                    WorkflowExecution = new WorkflowExecution { WorkflowId = child.WorkflowId, RunId = child.RunId },
                    WorkflowType = new WorkflowType { Name = child.WorkflowType },
                    RetryState = child.RetryState,
                    InitiatedEventId = child.InitiatedEventId,
                    StartedEventId = child.StartedEventId,
                };
                break;
            case FailureException:
                // A bare FailureException carries no failure_info, as TypeScript's TemporalFailure.
                break;
            default:
                failure.ApplicationFailureInfo = new ApplicationFailureInfo { Type = exception.GetType().Name };
                break;
        }

        return failure;
    }

    private Exception ToException(Failure failure, IPayloadConverter payloads, int depth)
    {
        var failureToConvert = failure;
        if (failure.EncodedAttributes is { } encoded)
        {
            // The TypeScript SDK can move message and stack trace into a (codec-protected) payload.
            failureToConvert = DecodeAttributes(failure, encoded, payloads);
        }

        var cause = failureToConvert.Cause is { } c && depth < MaxCauseDepth ? ToException(c, payloads, depth + 1) : null;
        return failureToConvert.FailureInfoCase switch
        {
            Failure.FailureInfoOneofCase.ApplicationFailureInfo =>
                new ApplicationFailureException(failureToConvert, cause, Details(failureToConvert.ApplicationFailureInfo.Details, payloads)),
            Failure.FailureInfoOneofCase.CanceledFailureInfo =>
                new CanceledFailureException(failureToConvert, cause, Details(failureToConvert.CanceledFailureInfo.Details, payloads)),
            Failure.FailureInfoOneofCase.TerminatedFailureInfo => new TerminatedFailureException(failureToConvert, cause),
            Failure.FailureInfoOneofCase.TimeoutFailureInfo =>
                new TimeoutFailureException(failureToConvert, cause, Details(failureToConvert.TimeoutFailureInfo.LastHeartbeatDetails, payloads)),
            Failure.FailureInfoOneofCase.ServerFailureInfo => new ServerFailureException(failureToConvert, cause),
            Failure.FailureInfoOneofCase.ActivityFailureInfo => new ActivityFailureException(failureToConvert, cause),
            Failure.FailureInfoOneofCase.ChildWorkflowExecutionFailureInfo => new ChildWorkflowFailureException(failureToConvert, cause),
            Failure.FailureInfoOneofCase.ResetWorkflowFailureInfo =>
                new ApplicationFailureException(
                    AsApplication(failureToConvert, "ResetWorkflow"), cause, Details(failureToConvert.ResetWorkflowFailureInfo.LastHeartbeatDetails, payloads)),
            _ => new FailureException(failureToConvert, cause),
        };
    }

    private static Failure AsApplication(Failure failure, string type)
    {
        var copy = failure.Clone();
        copy.ApplicationFailureInfo = new ApplicationFailureInfo { Type = type };
        return copy;
    }

    private static Failure DecodeAttributes(Failure failure, Payload encoded, IPayloadConverter payloads)
    {
        try
        {
            var attributes = payloads.ToValue<System.Text.Json.JsonElement>(encoded);
            if (attributes.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                return failure;
            }

            var copy = failure.Clone();
            if (attributes.TryGetProperty("message", out var message) && message.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                copy.Message = message.GetString();
            }

            if (attributes.TryGetProperty("stack_trace", out var stack) && stack.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                copy.StackTrace = stack.GetString();
            }

            return copy;
        }
        catch (InvalidOperationException)
        {
            // Undecodable attributes (e.g. a missing codec) leave the failure as it arrived.
            return failure;
        }
    }
}
