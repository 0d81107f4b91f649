using Grpc.Core;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>What a handler knows about the call it answers.</summary>
public sealed class GrpcCallContext
{
    private readonly ServerCallContext call;
    private Dictionary<string, string>? requestHeaders;

    internal GrpcCallContext(ServerCallContext call)
    {
        this.call = call;
        Deadline = call.Deadline == DateTime.MaxValue ? null : new DateTimeOffset(call.Deadline, TimeSpan.Zero);
    }

    /// <summary>
    /// Gets the request metadata with lower-case names (HTTP/2 header names are lower-case on the wire).
    /// Repeated entries are joined with ","; <c>-bin</c> values are base64 as sent.
    /// </summary>
    public IReadOnlyDictionary<string, string> RequestHeaders => requestHeaders ??= CopyHeaders(call.RequestHeaders);

    /// <summary>Gets the call's deadline from the <c>grpc-timeout</c> header, or null when the client set none.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>Gets a token cancelled when the client aborts the call or the deadline passes.</summary>
    public CancellationToken CancellationToken => call.CancellationToken;

    /// <summary>Gets the remote address in gRPC's form, e.g. <c>ipv4:127.0.0.1:50412</c>.</summary>
    public string Peer => call.Peer;

    /// <summary>Gets the full method name, <c>/{service}/{method}</c>.</summary>
    public string Method => call.Method;

    private static Dictionary<string, string> CopyHeaders(Metadata headers)
    {
        var copy = new Dictionary<string, string>(headers.Count, StringComparer.Ordinal);
        foreach (var entry in headers)
        {
            var value = entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes) : entry.Value;
            copy[entry.Key] = copy.TryGetValue(entry.Key, out var earlier) ? earlier + "," + value : value;
        }

        return copy;
    }
}
