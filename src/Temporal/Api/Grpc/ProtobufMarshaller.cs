using Google.Protobuf;
using Grpc.Core;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>Google.Protobuf messages on the wire without intermediate arrays, as Grpc.Tools' generated code does it.</summary>
internal static class ProtobufMarshaller
{
    internal static Marshaller<T> For<T>(MessageParser<T> parser)
        where T : class, IMessage<T> => Marshallers.Create<T>(
        (message, context) =>
        {
            context.SetPayloadLength(message.CalculateSize());
            message.WriteTo(context.GetBufferWriter());
            context.Complete();
        },
        context =>
        {
            try
            {
                return parser.ParseFrom(context.PayloadAsReadOnlySequence());
            }
            catch (InvalidProtocolBufferException e)
            {
                // grpc-go's status and wording, which Temporal's clients see from a real server (Grpc.AspNetCore would say UNKNOWN).
                throw new RpcException(new Status(StatusCode.Internal, $"grpc: error unmarshalling request: {e.Message}"));
            }
        });
}
