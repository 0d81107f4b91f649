namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>Per-call settings for <see cref="GrpcChannel.CallUnaryAsync{TRequest, TResponse}"/>.</summary>
public sealed class GrpcCallOptions
{
    /// <summary>Initializes a new instance of the <see cref="GrpcCallOptions"/> class: no deadline, no extra headers.</summary>
    public GrpcCallOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GrpcCallOptions"/> class with a timeout.</summary>
    /// <param name="timeout">How long the call may take, from when it starts.</param>
    public GrpcCallOptions(TimeSpan timeout)
    {
        Timeout = timeout;
    }

    /// <summary>
    /// Gets or sets the absolute deadline. Default null (none). Sent as <c>grpc-timeout</c>; when it passes
    /// the call fails with <see cref="GrpcStatusCode.DeadlineExceeded"/>. With <see cref="Timeout"/> also
    /// set, the earlier of the two applies.
    /// </summary>
    public DateTimeOffset? Deadline { get; set; }

    /// <summary>Gets or sets the timeout, counted from the start of the call. Default null (none).</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// Gets the extra request metadata for this call (lower-case names); it overrides the channel's
    /// headers of the same name. Names ending in <c>-bin</c> take base64 values.
    /// </summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Throws naming the invalid property and its value.</summary>
    internal void Validate()
    {
        GrpcHeaderNames.Validate(Headers, $"{nameof(GrpcCallOptions)}.{nameof(Headers)}");
    }
}
