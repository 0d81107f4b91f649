namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>Settings of a <see cref="GrpcChannel"/>; read and validated once, by <see cref="GrpcChannel.ForAddress"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>Initializes a new instance of the <see cref="GrpcChannelOptions"/> class with the defaults.</summary>
    public GrpcChannelOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GrpcChannelOptions"/> class with default request headers.</summary>
    /// <param name="headers">Metadata sent on every call, e.g. <c>temporal-namespace</c>, <c>authorization</c>, <c>client-name</c>.</param>
    public GrpcChannelOptions(IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var (name, value) in headers)
        {
            Headers[name] = value;
        }
    }

    /// <summary>
    /// Gets the metadata sent on every call (lower-case names; names ending in <c>-bin</c> take base64
    /// values). Default empty. <c>grpc-*</c>, <c>content-type</c> and <c>te</c> are reserved.
    /// </summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets a value indicating whether request messages are gzip-compressed. Default false.</summary>
    public bool CompressRequests { get; set; }

    /// <summary>
    /// Gets or sets the largest response message accepted, in bytes, before and after decompression.
    /// Default 128 MiB, as Temporal's own clients.
    /// </summary>
    public int MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxMessageSize;

    /// <summary>
    /// Gets or sets how long a connection may be idle before an HTTP/2 PING checks it, also while no call
    /// is active. Default 30 s, as Temporal's TypeScript client.
    /// </summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long to wait for a PING reply before the connection is closed. Default 20 s.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Gets or sets the time allowed to open a connection. Default 10 s, as Temporal's TypeScript client.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets a handler replacing the channel's own <see cref="SocketsHttpHandler"/> (tests, custom
    /// TLS). Default null. The channel does not dispose it, and the keep-alive and connect settings
    /// above do not apply to it.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Gets or sets the clock behind call deadlines. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws naming the first invalid property and its value.</summary>
    internal void Validate()
    {
        GrpcHeaderNames.Validate(Headers, $"{nameof(GrpcChannelOptions)}.{nameof(Headers)}");
        if (MaxReceiveMessageSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReceiveMessageSize), MaxReceiveMessageSize, $"{nameof(GrpcChannelOptions)}.{nameof(MaxReceiveMessageSize)} must be positive; was {MaxReceiveMessageSize}.");
        }

        // SocketsHttpHandler refuses keep-alive intervals under a second.
        RequireAtLeast(KeepAlivePingDelay, TimeSpan.FromSeconds(1), nameof(KeepAlivePingDelay));
        RequireAtLeast(KeepAlivePingTimeout, TimeSpan.FromSeconds(1), nameof(KeepAlivePingTimeout));
        RequireAtLeast(ConnectTimeout, TimeSpan.FromTicks(1), nameof(ConnectTimeout));
        if (TimeProvider is null)
        {
            throw new ArgumentNullException(nameof(TimeProvider), $"{nameof(GrpcChannelOptions)}.{nameof(TimeProvider)} must not be null.");
        }
    }

    private static void RequireAtLeast(TimeSpan value, TimeSpan minimum, string property)
    {
        if (value < minimum && value != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(property, value, $"{nameof(GrpcChannelOptions)}.{property} must be at least {minimum} or infinite; was {value}.");
        }
    }
}
