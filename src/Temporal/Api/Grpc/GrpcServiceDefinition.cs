using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>
/// A gRPC service to serve: its full name (e.g. <c>temporal.api.workflowservice.v1.WorkflowService</c>) and its
/// methods, bound to Grpc.AspNetCore by
/// <see cref="GrpcEndpointRouteBuilderExtensions.MapGrpcServices(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, GrpcServiceDefinition[])"/>.
/// </summary>
public sealed class GrpcServiceDefinition
{
    private readonly List<Action<ServiceMethodProviderContext<GrpcServiceHost>, ILogger>> bindings = [];
    private readonly HashSet<string> methodNames = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="GrpcServiceDefinition"/> class.</summary>
    /// <param name="serviceName">The fully qualified service name, as in the <c>.proto</c> package plus service.</param>
    public GrpcServiceDefinition(string serviceName)
    {
        ValidateName(serviceName, nameof(serviceName));
        ServiceName = serviceName;
    }

    /// <summary>Gets the fully qualified service name.</summary>
    public string ServiceName { get; }

    /// <summary>Gets the names of the registered methods.</summary>
    public IReadOnlyCollection<string> MethodNames => methodNames;

    internal IReadOnlyList<Action<ServiceMethodProviderContext<GrpcServiceHost>, ILogger>> Bindings => bindings;

    /// <summary>Registers a unary method.</summary>
    /// <typeparam name="TRequest">The request message type.</typeparam>
    /// <typeparam name="TResponse">The response message type.</typeparam>
    /// <param name="methodName">The method name as in the <c>.proto</c> (e.g. <c>GetSystemInfo</c>).</param>
    /// <param name="parser">The request parser, usually <c>TRequest.Parser</c>.</param>
    /// <param name="handler">
    /// Answers the call. Throw <see cref="GrpcException"/> to answer with a non-OK status; any other
    /// exception is logged and answered with <see cref="GrpcStatusCode.Internal"/>.
    /// </param>
    /// <returns>This definition, for chaining.</returns>
    /// <exception cref="ArgumentException">The name is empty, contains '/', or is already registered.</exception>
    public GrpcServiceDefinition AddUnary<TRequest, TResponse>(
        string methodName,
        MessageParser<TRequest> parser,
        Func<TRequest, GrpcCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Register<TRequest, TResponse>(methodName, parser, MethodType.Unary);
        bindings.Add((context, logger) => context.AddUnaryMethod(method, [], async (_, request, call) =>
        {
            var callContext = new GrpcCallContext(call);
            try
            {
                GrpcTimeoutHeader.ThrowIfMalformedOrExpired(call);
                return await handler(request, callContext).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                throw ToRpcException(e, call, logger);
            }
        }));
        return this;
    }

    /// <summary>Registers a server-streaming method.</summary>
    /// <typeparam name="TRequest">The request message type.</typeparam>
    /// <typeparam name="TResponse">The streamed message type.</typeparam>
    /// <param name="methodName">The method name as in the <c>.proto</c> (e.g. <c>Watch</c>).</param>
    /// <param name="parser">The request parser, usually <c>TRequest.Parser</c>.</param>
    /// <param name="handler">Writes the stream; the call ends when it returns. Errors as for unary methods.</param>
    /// <returns>This definition, for chaining.</returns>
    /// <exception cref="ArgumentException">The name is empty, contains '/', or is already registered.</exception>
    public GrpcServiceDefinition AddServerStreaming<TRequest, TResponse>(
        string methodName,
        MessageParser<TRequest> parser,
        Func<TRequest, IServerStreamWriter<TResponse>, GrpcCallContext, Task> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Register<TRequest, TResponse>(methodName, parser, MethodType.ServerStreaming);
        bindings.Add((context, logger) => context.AddServerStreamingMethod(method, [], async (_, request, stream, call) =>
        {
            try
            {
                GrpcTimeoutHeader.ThrowIfMalformedOrExpired(call);
                await handler(request, stream, new GrpcCallContext(call)).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                throw ToRpcException(e, call, logger);
            }
        }));
        return this;
    }

    private Method<TRequest, TResponse> Register<TRequest, TResponse>(string methodName, MessageParser<TRequest> parser, MethodType type)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new()
    {
        ValidateName(methodName, nameof(methodName));
        ArgumentNullException.ThrowIfNull(parser);
        if (!methodNames.Add(methodName))
        {
            throw new ArgumentException($"Method '{methodName}' is already registered for service '{ServiceName}'.", nameof(methodName));
        }

        return new Method<TRequest, TResponse>(type, ServiceName, methodName, ProtobufMarshaller.For(parser), ProtobufMarshaller.For(new MessageParser<TResponse>(() => new TResponse())));
    }

    private static RpcException ToRpcException(Exception exception, ServerCallContext call, ILogger logger)
    {
        switch (exception)
        {
            case GrpcException e:
                GrpcServerLog.CallFailed(logger, call.Method, e.StatusCode, e.Message);
                return e.ToRpcException();
            case RpcException e:
                return e;
            case OperationCanceledException when call.CancellationToken.IsCancellationRequested:
                // Grpc.AspNetCore answers DEADLINE_EXCEEDED itself when the deadline caused it; otherwise the client left.
                return new RpcException(new Status(StatusCode.Cancelled, "Call cancelled by the client"));
            default:
                // Never UNKNOWN (what Grpc.AspNetCore answers for other exceptions): Temporal's clients silently retry it.
                GrpcServerLog.HandlerFailed(logger, call.Method, exception);
                return new RpcException(new Status(StatusCode.Internal, exception.Message));
        }
    }

    private static void ValidateName(string name, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, paramName);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' must not contain '/'.", paramName);
        }
    }
}
