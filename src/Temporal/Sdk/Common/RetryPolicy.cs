using Google.Protobuf.WellKnownTypes;

namespace ContentFlows.Temporal.Common;

/// <summary>
/// How the server retries a failed activity or workflow: exponential backoff from
/// <see cref="InitialInterval"/>, multiplied by <see cref="BackoffCoefficient"/>, capped at
/// <see cref="MaximumInterval"/>, for at most <see cref="MaximumAttempts"/> attempts. Failures whose
/// error type is in <see cref="NonRetryableErrorTypes"/> are not retried.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Gets the delay before the first retry. Default 1 second.</summary>
    public TimeSpan InitialInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the factor each delay is multiplied by. Default 2.0; must be at least 1.</summary>
    public double BackoffCoefficient { get; init; } = 2.0;

    /// <summary>Gets the largest delay between retries. Default null: 100 × <see cref="InitialInterval"/> (the server's default).</summary>
    public TimeSpan? MaximumInterval { get; init; }

    /// <summary>Gets the maximum number of attempts, the first included. Default 0: unlimited.</summary>
    public int MaximumAttempts { get; init; }

    /// <summary>Gets the error types that are never retried (matched against <c>ApplicationFailureException.ErrorType</c>). Default none.</summary>
    public IReadOnlyCollection<string>? NonRetryableErrorTypes { get; init; }

    /// <summary>Converts a retry policy from its protobuf form.</summary>
    /// <param name="proto">The protobuf retry policy.</param>
    /// <returns>The retry policy.</returns>
    public static RetryPolicy FromProto(Temporalio.Api.Common.V1.RetryPolicy proto)
    {
        ArgumentNullException.ThrowIfNull(proto);
        return new RetryPolicy
        {
            InitialInterval = proto.InitialInterval?.ToTimeSpan() ?? TimeSpan.Zero,
            BackoffCoefficient = proto.BackoffCoefficient,
            MaximumInterval = proto.MaximumInterval?.ToTimeSpan(),
            MaximumAttempts = proto.MaximumAttempts,
            NonRetryableErrorTypes = proto.NonRetryableErrorTypes.Count == 0 ? null : [.. proto.NonRetryableErrorTypes],
        };
    }

    /// <summary>Converts the retry policy to its protobuf form, after validating it.</summary>
    /// <returns>The protobuf retry policy.</returns>
    /// <exception cref="ArgumentException">A property is out of range; the message names it and its value.</exception>
    public Temporalio.Api.Common.V1.RetryPolicy ToProto()
    {
        Validate();
        var proto = new Temporalio.Api.Common.V1.RetryPolicy
        {
            InitialInterval = Duration.FromTimeSpan(InitialInterval),
            BackoffCoefficient = BackoffCoefficient,
            MaximumInterval = MaximumInterval is { } max ? Duration.FromTimeSpan(max) : null,
            MaximumAttempts = MaximumAttempts,
        };
        if (NonRetryableErrorTypes is not null)
        {
            proto.NonRetryableErrorTypes.Add(NonRetryableErrorTypes);
        }

        return proto;
    }

    /// <summary>Throws naming the first invalid property and its value.</summary>
    /// <exception cref="ArgumentException">A property is out of range.</exception>
    public void Validate()
    {
        if (InitialInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialInterval), InitialInterval, $"{nameof(RetryPolicy)}.{nameof(InitialInterval)} must not be negative; was {InitialInterval}.");
        }

        if (BackoffCoefficient < 1 || double.IsNaN(BackoffCoefficient))
        {
            throw new ArgumentOutOfRangeException(nameof(BackoffCoefficient), BackoffCoefficient, $"{nameof(RetryPolicy)}.{nameof(BackoffCoefficient)} must be at least 1; was {BackoffCoefficient}.");
        }

        if (MaximumInterval is { } max && max < InitialInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(MaximumInterval), max, $"{nameof(RetryPolicy)}.{nameof(MaximumInterval)} must not be less than {nameof(InitialInterval)} ({InitialInterval}); was {max}.");
        }

        if (MaximumAttempts < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaximumAttempts), MaximumAttempts, $"{nameof(RetryPolicy)}.{nameof(MaximumAttempts)} must not be negative (0 is unlimited); was {MaximumAttempts}.");
        }
    }
}
