using ContentFlows.Temporal.Api.Grpc;
using Google.Protobuf.WellKnownTypes;

namespace ContentFlows.Temporal.Exceptions;

/// <summary>A call to the Temporal server ended with a non-OK gRPC status (after any retries).</summary>
public class RpcException : TemporalException
{
    /// <summary>Initializes a new instance of the <see cref="RpcException"/> class from a gRPC error.</summary>
    /// <param name="innerException">The gRPC error.</param>
    public RpcException(GrpcException innerException)
        : base(innerException?.Message ?? string.Empty, innerException)
    {
        ArgumentNullException.ThrowIfNull(innerException);
        Code = innerException.StatusCode;
        Details = innerException.Details;
    }

    /// <summary>Initializes a new instance of the <see cref="RpcException"/> class.</summary>
    /// <param name="code">The status code.</param>
    /// <param name="message">The status message.</param>
    /// <param name="innerException">The cause, or null.</param>
    public RpcException(GrpcStatusCode code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Details = [];
    }

    /// <summary>Gets the gRPC status code.</summary>
    public GrpcStatusCode Code { get; }

    /// <summary>Gets the status details (Temporal's <c>errordetails.v1</c> messages), packed.</summary>
    public IReadOnlyList<Any> Details { get; }

    /// <summary>Gets a value indicating whether retrying the call may succeed (the server was unavailable or busy).</summary>
    public bool IsTransient => Code is GrpcStatusCode.Unavailable or GrpcStatusCode.ResourceExhausted or GrpcStatusCode.Aborted;
}
