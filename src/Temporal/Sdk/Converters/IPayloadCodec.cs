using Temporalio.Api.Common.V1;

namespace ContentFlows.Temporal.Converters;

/// <summary>
/// Transforms payloads on their way to and from the server (encryption, compression). Applied to every
/// payload of every request and response except search attributes, which the server must read.
/// </summary>
public interface IPayloadCodec
{
    /// <summary>Encodes payloads before they leave the process.</summary>
    /// <param name="payloads">The payloads to encode.</param>
    /// <returns>As many payloads, in the same order.</returns>
    Task<IReadOnlyList<Payload>> EncodeAsync(IReadOnlyList<Payload> payloads);

    /// <summary>Decodes payloads received from the server; payloads this codec did not encode pass unchanged.</summary>
    /// <param name="payloads">The payloads to decode.</param>
    /// <returns>As many payloads, in the same order.</returns>
    Task<IReadOnlyList<Payload>> DecodeAsync(IReadOnlyList<Payload> payloads);
}
