using Temporalio.Api.Common.V1;

namespace ContentFlows.Temporal.Converters;

/// <summary>Converts values to and from Temporal payloads (arguments, results, details, heartbeat details, memo).</summary>
public interface IPayloadConverter
{
    /// <summary>Converts a value to a payload.</summary>
    /// <param name="value">The value; may be null.</param>
    /// <returns>The payload, with its <c>encoding</c> metadata set.</returns>
    Payload ToPayload(object? value);

    /// <summary>Converts a payload to a value of <paramref name="type"/>.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="type">The type wanted.</param>
    /// <returns>The value; null for a <c>binary/null</c> payload.</returns>
    object? ToValue(Payload payload, Type type);
}
