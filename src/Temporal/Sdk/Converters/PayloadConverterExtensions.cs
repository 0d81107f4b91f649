using Temporalio.Api.Common.V1;

namespace ContentFlows.Temporal.Converters;

/// <summary>Typed helpers over <see cref="IPayloadConverter"/>.</summary>
public static class PayloadConverterExtensions
{
    /// <summary>Converts a payload to <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type wanted.</typeparam>
    /// <param name="converter">The converter.</param>
    /// <param name="payload">The payload.</param>
    /// <returns>The value.</returns>
    public static T ToValue<T>(this IPayloadConverter converter, Payload payload)
    {
        ArgumentNullException.ThrowIfNull(converter);
        return (T)converter.ToValue(payload, typeof(T))!;
    }

    /// <summary>Converts values to a <see cref="Payloads"/> message, in order.</summary>
    /// <param name="converter">The converter.</param>
    /// <param name="values">The values.</param>
    /// <returns>The payloads.</returns>
    public static Payloads ToPayloads(this IPayloadConverter converter, IEnumerable<object?> values)
    {
        ArgumentNullException.ThrowIfNull(converter);
        ArgumentNullException.ThrowIfNull(values);
        var payloads = new Payloads();
        foreach (var value in values)
        {
            payloads.Payloads_.Add(converter.ToPayload(value));
        }

        return payloads;
    }
}
