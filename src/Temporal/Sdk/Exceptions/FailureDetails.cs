using System.Collections;
using ContentFlows.Temporal.Converters;
using Temporalio.Api.Common.V1;

namespace ContentFlows.Temporal.Exceptions;

/// <summary>
/// The details attached to a failure: values given in code, or payloads received over the wire that are
/// converted to the type asked for only when read (their sender's types are unknown here).
/// </summary>
public sealed class FailureDetails : IReadOnlyCollection<object?>
{
    private readonly IReadOnlyList<object?>? values;
    private readonly IReadOnlyList<Payload>? payloads;
    private readonly IPayloadConverter? converter;

    /// <summary>Initializes a new instance of the <see cref="FailureDetails"/> class from values.</summary>
    /// <param name="values">The detail values; none when null.</param>
    public FailureDetails(IReadOnlyCollection<object?>? values)
    {
        this.values = values is null ? [] : [.. values];
    }

    private FailureDetails(IReadOnlyList<Payload> payloads, IPayloadConverter converter)
    {
        this.payloads = payloads;
        this.converter = converter;
    }

    /// <summary>Gets empty details.</summary>
    public static FailureDetails Empty { get; } = new(values: null);

    /// <summary>Gets the number of details.</summary>
    public int Count => values?.Count ?? payloads!.Count;

    /// <summary>Gets the detail at <paramref name="index"/> as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type to read the detail as.</typeparam>
    /// <param name="index">The zero-based index.</param>
    /// <returns>The detail value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">There is no detail at that index.</exception>
    public T Get<T>(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        if (values is not null)
        {
            var value = values[index];
            if (value is T typed)
            {
                return typed;
            }

            // A value of another type (e.g. a record read as JsonElement): go through the wire format.
            var converted = DefaultPayloadConverter.Instance;
            return converted.ToValue<T>(converted.ToPayload(value));
        }

        return converter!.ToValue<T>(payloads![index]);
    }

    /// <summary>Enumerates the details: given values as they are; received payloads as plain objects (JSON elements).</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<object?> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return Get<object?>(i);
        }
    }

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Creates details backed by received payloads.</summary>
    internal static FailureDetails FromPayloads(IReadOnlyList<Payload> payloads, IPayloadConverter converter) => new(payloads, converter);

    /// <summary>The details as payloads: received payloads unchanged, values converted.</summary>
    internal Payloads ToPayloads(IPayloadConverter payloadConverter)
    {
        var result = new Payloads();
        if (payloads is not null)
        {
            result.Payloads_.Add(payloads);
        }
        else
        {
            foreach (var value in values!)
            {
                result.Payloads_.Add(payloadConverter.ToPayload(value));
            }
        }

        return result;
    }
}
