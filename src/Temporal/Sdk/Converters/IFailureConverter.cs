using Temporalio.Api.Failure.V1;

namespace ContentFlows.Temporal.Converters;

/// <summary>Converts exceptions to and from Temporal failures, cause chains included.</summary>
public interface IFailureConverter
{
    /// <summary>Converts an exception (and its inner exceptions, as causes) to a failure.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="payloads">Converts failure details.</param>
    /// <returns>The failure.</returns>
    Failure ToFailure(Exception exception, IPayloadConverter payloads);

    /// <summary>Converts a failure (and its causes, as inner exceptions) to an exception.</summary>
    /// <param name="failure">The failure.</param>
    /// <param name="payloads">Converts failure details.</param>
    /// <returns>The exception, usually a <see cref="Exceptions.FailureException"/>.</returns>
    Exception ToException(Failure failure, IPayloadConverter payloads);
}
