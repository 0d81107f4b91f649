using ContentFlows.Temporal.Api.Grpc;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>Retry policy defaults, validation and the retry decision, as a real Temporal server applies them.</summary>
internal static class RetryPolicies
{
    public static void Validate(RetryPolicy policy)
    {
        var initial = policy.InitialInterval?.ToTimeSpan() ?? TimeSpan.Zero;
        var maximum = policy.MaximumInterval?.ToTimeSpan() ?? TimeSpan.Zero;
        if (initial < TimeSpan.Zero)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "InitialInterval cannot be negative on retry policy.");
        }

        if (policy.BackoffCoefficient != 0 && policy.BackoffCoefficient < 1)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "BackoffCoefficient cannot be less than 1 on retry policy.");
        }

        if (maximum < TimeSpan.Zero)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "MaximumInterval cannot be negative on retry policy.");
        }

        if (maximum > TimeSpan.Zero && initial > TimeSpan.Zero && maximum < initial)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "MaximumInterval cannot be less than InitialInterval on retry policy.");
        }

        if (policy.MaximumAttempts < 0)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "MaximumAttempts cannot be negative on retry policy.");
        }
    }

    /// <summary>Fills defaults: initial 1 s, coefficient 2.0, maximum 100 × initial, attempts unlimited.</summary>
    public static RetryPolicy Normalize(RetryPolicy? policy)
    {
        var result = policy?.Clone() ?? new RetryPolicy();
        if (result.InitialInterval is null || result.InitialInterval.ToTimeSpan() == TimeSpan.Zero)
        {
            result.InitialInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(1));
        }

        if (result.BackoffCoefficient == 0)
        {
            result.BackoffCoefficient = 2.0;
        }

        if (result.MaximumInterval is null || result.MaximumInterval.ToTimeSpan() == TimeSpan.Zero)
        {
            result.MaximumInterval = Duration.FromTimeSpan(result.InitialInterval.ToTimeSpan() * 100);
        }

        return result;
    }

    /// <summary>
    /// Decides whether the attempt that just failed is retried: returns the interval to wait, or the
    /// terminal retry state.
    /// </summary>
    public static (RetryState State, TimeSpan Interval) Decide(RetryPolicy? policy, int attempt, Failure failure, DateTimeOffset now, DateTimeOffset? deadline)
    {
        if (policy is null)
        {
            return (RetryState.RetryPolicyNotSet, TimeSpan.Zero);
        }

        if (!IsRetryable(policy, failure))
        {
            return (RetryState.NonRetryableFailure, TimeSpan.Zero);
        }

        if (policy.MaximumAttempts > 0 && attempt >= policy.MaximumAttempts)
        {
            return (RetryState.MaximumAttemptsReached, TimeSpan.Zero);
        }

        var interval = NextInterval(policy, attempt, failure);
        if (deadline is { } end && now + interval > end)
        {
            return (RetryState.Timeout, TimeSpan.Zero);
        }

        return (RetryState.InProgress, interval);
    }

    private static TimeSpan NextInterval(RetryPolicy policy, int attempt, Failure failure)
    {
        if (failure.ApplicationFailureInfo?.NextRetryDelay is { } delay && delay.ToTimeSpan() > TimeSpan.Zero)
        {
            return delay.ToTimeSpan();
        }

        var initial = policy.InitialInterval.ToTimeSpan().TotalSeconds;
        var maximum = policy.MaximumInterval.ToTimeSpan().TotalSeconds;
        var seconds = initial * Math.Pow(policy.BackoffCoefficient, attempt - 1);
        if (double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds > maximum)
        {
            seconds = maximum;
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static bool IsRetryable(RetryPolicy policy, Failure failure)
    {
        if (failure.ApplicationFailureInfo is { } application)
        {
            return !application.NonRetryable && !policy.NonRetryableErrorTypes.Contains(application.Type);
        }

        if (failure.TimeoutFailureInfo is { } timeout)
        {
            if (timeout.TimeoutType is not (TimeoutType.StartToClose or TimeoutType.Heartbeat))
            {
                return false;
            }

            var name = timeout.TimeoutType == TimeoutType.StartToClose ? "TemporalTimeout:StartToClose" : "TemporalTimeout:Heartbeat";
            return !policy.NonRetryableErrorTypes.Contains(name);
        }

        return failure.CanceledFailureInfo is null && failure.TerminatedFailureInfo is null;
    }
}
