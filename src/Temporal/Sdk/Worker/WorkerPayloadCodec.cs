using ContentFlows.Temporal.Converters;
using Google.Protobuf;

namespace ContentFlows.Temporal.Worker;

/// <summary>Applies the data converter's payload codec, if any, to every payload of a poll response (decode) or a completion (encode).</summary>
internal sealed class WorkerPayloadCodec(IPayloadCodec? codec)
{
    /// <summary>Decodes every payload inside <paramref name="message"/> in place; nothing happens without a codec.</summary>
    public Task DecodeAsync(IMessage message) =>
        codec is null ? Task.CompletedTask : PayloadVisitor.VisitAsync(message, codec.DecodeAsync);

    /// <summary>Encodes every payload inside <paramref name="message"/> in place; nothing happens without a codec.</summary>
    public Task EncodeAsync(IMessage message) =>
        codec is null ? Task.CompletedTask : PayloadVisitor.VisitAsync(message, codec.EncodeAsync);
}
