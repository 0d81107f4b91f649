using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace ContentFlows.Temporal.Api.Tests.Grpc;

/// <summary>
/// Unary calls by service and method name on a standard <see cref="GrpcChannel"/>: the test services
/// have no generated client, and a name the server does not know must be callable too.
/// </summary>
public static class GrpcChannelUnaryCalls
{
    public static Task<TResponse> CallUnaryAsync<TRequest, TResponse>(
        this GrpcChannel channel,
        string service,
        string method,
        TRequest request,
        MessageParser<TResponse> parser,
        CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var definition = new Method<TRequest, TResponse>(
            MethodType.Unary,
            service,
            method,
            Marshallers.Create((TRequest r) => r.ToByteArray(), bytes => throw new NotSupportedException("Requests are only sent.")),
            Marshallers.Create((TResponse _) => throw new NotSupportedException("Responses are only received."), parser.ParseFrom));
        return channel.CreateCallInvoker().AsyncUnaryCall(definition, null, options, request).ResponseAsync;
    }
}
