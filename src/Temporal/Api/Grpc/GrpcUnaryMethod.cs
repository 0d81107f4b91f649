using System.Buffers;
using Google.Protobuf;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>
/// One unary method with its typed parser and handler closed over once at registration, so a call
/// costs no reflection: the server only sees <see cref="IMessage"/>.
/// </summary>
internal sealed class GrpcUnaryMethod(
    string name,
    Func<ReadOnlySequence<byte>, IMessage> parse,
    Func<IMessage, GrpcCallContext, Task<IMessage>> invoke)
{
    internal string Name { get; } = name;

    internal Func<ReadOnlySequence<byte>, IMessage> Parse { get; } = parse;

    internal Func<IMessage, GrpcCallContext, Task<IMessage>> Invoke { get; } = invoke;
}
