namespace ContentFlows.Temporal.Converters;

/// <summary>
/// How values and exceptions travel: a payload converter, a failure converter and an optional payload
/// codec (applied to every payload of every request and response, e.g. <see cref="AesGcmPayloadCodec"/>).
/// </summary>
/// <param name="PayloadConverter">Converts values to and from payloads.</param>
/// <param name="FailureConverter">Converts exceptions to and from failures.</param>
/// <param name="PayloadCodec">Encodes payloads on their way out and decodes them on the way in; none when null.</param>
public sealed record DataConverter(IPayloadConverter PayloadConverter, IFailureConverter FailureConverter, IPayloadCodec? PayloadCodec = null)
{
    /// <summary>Gets the default converter: <see cref="DefaultPayloadConverter"/>, <see cref="DefaultFailureConverter"/>, no codec.</summary>
    public static DataConverter Default { get; } = new(DefaultPayloadConverter.Instance, DefaultFailureConverter.Instance);
}
