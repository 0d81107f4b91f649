using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>
/// A non-OK gRPC status, thrown by service handlers to answer with that status. <see cref="Details"/>
/// travel in the <c>grpc-status-details-bin</c> trailer as a <c>google.rpc.Status</c>, which is where
/// Temporal puts its <c>errordetails.v1</c> messages.
/// </summary>
public sealed class GrpcException : Exception
{
    private const string StatusDetailsTrailer = "grpc-status-details-bin";

    public GrpcException(GrpcStatusCode statusCode, string message, params IMessage[] details)
        : base(message)
    {
        StatusCode = statusCode;
        Details = details.Select(Any.Pack).ToArray();
    }

    public GrpcException(GrpcStatusCode statusCode, string message, IReadOnlyList<Any> details, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Details = details;
    }

    /// <summary>Gets the status code.</summary>
    public GrpcStatusCode StatusCode { get; }

    /// <summary>Gets the packed detail messages, in order.</summary>
    public IReadOnlyList<Any> Details { get; }

    /// <summary>Gets this status as Grpc.Core's exception, the details packed in a <c>google.rpc.Status</c> trailer.</summary>
    internal global::Grpc.Core.RpcException ToRpcException()
    {
        var trailers = new global::Grpc.Core.Metadata();
        if (Details.Count > 0)
        {
            var status = new Google.Rpc.Status { Code = (int)StatusCode, Message = Message };
            status.Details.AddRange(Details);
            trailers.Add(StatusDetailsTrailer, status.ToByteArray());
        }

        return new global::Grpc.Core.RpcException(new global::Grpc.Core.Status((global::Grpc.Core.StatusCode)StatusCode, Message), trailers, Message);
    }
}
