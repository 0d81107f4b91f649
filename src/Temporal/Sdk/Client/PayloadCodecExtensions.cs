using ContentFlows.Temporal.Converters;
using Google.Protobuf;

namespace ContentFlows.Temporal.Client;

/// <summary>The client's use of the payload codec: encode every request, decode every response.</summary>
internal static class PayloadCodecExtensions
{
    public static Task EncodeAsync(this DataConverter converter, IMessage message, CancellationToken cancellationToken) =>
        converter.PayloadCodec is { } codec ? PayloadVisitor.EncodeAsync(message, codec, cancellationToken) : Task.CompletedTask;

    public static Task DecodeAsync(this DataConverter converter, IMessage message, CancellationToken cancellationToken) =>
        converter.PayloadCodec is { } codec ? PayloadVisitor.DecodeAsync(message, codec, cancellationToken) : Task.CompletedTask;
}
