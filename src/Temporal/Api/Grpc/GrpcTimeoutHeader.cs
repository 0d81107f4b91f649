using Grpc.AspNetCore.Server;
using Grpc.Core;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>
/// The <c>grpc-timeout</c> cases Grpc.AspNetCore lets through to the handler: a malformed value (ignored there) and an
/// already expired one (run without a deadline there). grpc-go, which Temporal runs, answers both before the handler.
/// </summary>
internal static class GrpcTimeoutHeader
{
    internal static void ThrowIfMalformedOrExpired(ServerCallContext call)
    {
        var value = call.GetHttpContext().Request.Headers["grpc-timeout"].ToString();
        if (value.Length == 0)
        {
            return;
        }

        // Up to 8 ASCII digits and a unit (gRPC over HTTP/2: TimeoutValue TimeoutUnit).
        var digits = value.AsSpan(0, value.Length - 1);
        if (value.Length < 2 || value.Length > 9 || !"HMSmun".Contains(value[^1], StringComparison.Ordinal) || !digits.ContainsOnlyDigits())
        {
            throw new RpcException(new Status(StatusCode.Internal, $"transport: malformed grpc-timeout: {value}"));
        }

        if (!digits.ContainsAnyExcept('0'))
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));
        }
    }

    private static bool ContainsOnlyDigits(this ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('0', '9');
}
