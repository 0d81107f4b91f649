using Google.Protobuf;
using Temporalio.Exceptions;

namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>Reads the error details a status carries (Temporal's <c>errordetails.v1</c> messages in <c>grpc-status-details-bin</c>).</summary>
public static class RpcExceptionDetails
{
    /// <summary>Returns the first detail of type <typeparamref name="T"/>, or null.</summary>
    public static T? FindDetail<T>(this RpcException error)
        where T : class, IMessage<T>, new()
    {
        foreach (var any in error.GrpcStatus.Value?.Details ?? [])
        {
            if (any.TryUnpack<T>(out var detail))
            {
                return detail;
            }
        }

        return null;
    }
}
