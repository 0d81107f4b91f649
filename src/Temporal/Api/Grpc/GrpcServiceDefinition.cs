using System.Buffers;
using Google.Protobuf;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>
/// A gRPC service to serve: its full name (e.g. <c>temporal.api.workflowservice.v1.WorkflowService</c>)
/// and its unary methods. Map it with
/// <see cref="GrpcEndpointRouteBuilderExtensions.MapGrpcService(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, GrpcServiceDefinition, GrpcServerOptions?)"/>.
/// </summary>
public sealed class GrpcServiceDefinition
{
    private readonly Dictionary<string, GrpcUnaryMethod> methods = new(StringComparer.Ordinal);

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
    public IReadOnlyCollection<string> MethodNames => methods.Keys;

    internal IReadOnlyDictionary<string, GrpcUnaryMethod> Methods => methods;

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
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        ValidateName(methodName, nameof(methodName));
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(handler);
        if (methods.ContainsKey(methodName))
        {
            throw new ArgumentException($"Method '{methodName}' is already registered for service '{ServiceName}'.", nameof(methodName));
        }

        methods.Add(methodName, new GrpcUnaryMethod(
            methodName,
            payload => parser.ParseFrom(payload),
            async (request, context) => await handler((TRequest)request, context).ConfigureAwait(false)));
        return this;
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
