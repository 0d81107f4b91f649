using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>
/// A gRPC client connection to one server address, over HTTP/2: h2c (prior knowledge) for
/// <c>http://</c>, TLS with ALPN <c>h2</c> for <c>https://</c>. Thread-safe; concurrent calls are
/// multiplexed on shared connections. Create one per server and reuse it.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    // A CancellationTokenSource timer cannot exceed ~49.7 days; longer deadlines are sent but not timed locally.
    private static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly HttpMessageInvoker invoker;
    private readonly Uri baseAddress;
    private readonly KeyValuePair<string, string>[] headers;
    private readonly bool compressRequests;
    private readonly int maxReceiveMessageSize;
    private readonly TimeProvider timeProvider;
    private bool disposed;

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        Address = address;
        baseAddress = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
        headers = [.. options.Headers];
        compressRequests = options.CompressRequests;
        maxReceiveMessageSize = options.MaxReceiveMessageSize;
        timeProvider = options.TimeProvider;
        invoker = options.HttpHandler is { } handler
            ? new HttpMessageInvoker(handler, disposeHandler: false)
            : new HttpMessageInvoker(CreateHandler(options), disposeHandler: true);
    }

    /// <summary>Gets the server address the channel was created for.</summary>
    public Uri Address { get; }

    /// <summary>Creates a channel to <paramref name="address"/>; no connection is opened until the first call.</summary>
    /// <param name="address">An absolute <c>http://</c> (h2c) or <c>https://</c> (TLS) address, e.g. <c>http://localhost:7233</c>.</param>
    /// <param name="options">Channel settings; defaults when null. Validated here, once.</param>
    /// <returns>The channel; dispose it to close its connections.</returns>
    /// <exception cref="ArgumentException">The address is not absolute http(s), or an option is invalid.</exception>
    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The address must be an absolute http:// or https:// URI; was '{address}'.", nameof(address));
        }

        options ??= new GrpcChannelOptions();
        options.Validate();
        return new GrpcChannel(address, options);
    }

    /// <summary>Makes a unary call.</summary>
    /// <typeparam name="TRequest">The request message type.</typeparam>
    /// <typeparam name="TResponse">The response message type.</typeparam>
    /// <param name="service">The full service name, e.g. <c>temporal.api.workflowservice.v1.WorkflowService</c>.</param>
    /// <param name="method">The method name, e.g. <c>GetSystemInfo</c>.</param>
    /// <param name="request">The request message.</param>
    /// <param name="responseParser">The response parser, usually <c>TResponse.Parser</c>.</param>
    /// <param name="options">Deadline and extra headers; none when null.</param>
    /// <param name="cancellationToken">Cancels the call (the server sees the stream reset).</param>
    /// <returns>The response message.</returns>
    /// <exception cref="GrpcException">
    /// The server answered a non-OK status; or <see cref="GrpcStatusCode.Unavailable"/> when the server
    /// could not be reached or the connection broke; or <see cref="GrpcStatusCode.DeadlineExceeded"/>.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<TResponse> CallUnaryAsync<TRequest, TResponse>(
        string service,
        string method,
        TRequest request,
        MessageParser<TResponse> responseParser,
        GrpcCallOptions? options = null,
        CancellationToken cancellationToken = default)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseParser);
        options?.Validate();
        cancellationToken.ThrowIfCancellationRequested();

        var timeout = RemainingTime(options);
        if (timeout <= TimeSpan.Zero)
        {
            throw new GrpcException(GrpcStatusCode.DeadlineExceeded, "Deadline Exceeded", []);
        }

        using var httpRequest = CreateRequest(service, method, request, options, timeout);
        using var deadlineSource = timeout is { } t && t <= MaxTimer ? new CancellationTokenSource(t, timeProvider) : null;
        using var linkedSource = deadlineSource is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadlineSource.Token);
        var callToken = linkedSource?.Token ?? cancellationToken;
        try
        {
            using var response = await invoker.SendAsync(httpRequest, callToken).ConfigureAwait(false);
            return await ReadResponseAsync(response, responseParser, callToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not GrpcException && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The gRPC call was cancelled by the caller.", e, cancellationToken);
        }
        catch (Exception e) when (e is not GrpcException && deadlineSource?.IsCancellationRequested == true)
        {
            throw new GrpcException(GrpcStatusCode.DeadlineExceeded, "Deadline Exceeded", [], e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            // Connection refused, reset, TLS or protocol failure: transient from the caller's point of view.
            throw new GrpcException(GrpcStatusCode.Unavailable, $"Error talking to {Address}: {e.Message}", [], e);
        }
    }

    /// <summary>Closes the channel's connections; calls in flight fail.</summary>
    public void Dispose()
    {
        disposed = true;
        invoker.Dispose();
    }

    private static SocketsHttpHandler CreateHandler(GrpcChannelOptions options) => new()
    {
        // Long polls each hold a stream; more connections beat queuing behind the server's stream limit.
        EnableMultipleHttp2Connections = true,
        KeepAlivePingDelay = options.KeepAlivePingDelay,
        KeepAlivePingTimeout = options.KeepAlivePingTimeout,
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        ConnectTimeout = options.ConnectTimeout,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        SslOptions = new SslClientAuthenticationOptions { ApplicationProtocols = [SslApplicationProtocol.Http2] },
    };

    private static GrpcException StatusException(HttpHeaders source, GrpcStatusCode statusCode)
    {
        var message = source.TryGetValues(GrpcProtocol.MessageHeader, out var values)
            ? GrpcProtocol.DecodeMessage(string.Join(',', values))
            : string.Empty;
        IReadOnlyList<Any> details = [];
        if (source.TryGetValues(GrpcProtocol.StatusDetailsHeader, out var detailValues))
        {
            try
            {
                details = Google.Rpc.Status.Parser.ParseFrom(GrpcProtocol.DecodeBinaryHeader(detailValues.First())).Details;
            }
            catch (Exception e) when (e is FormatException or InvalidProtocolBufferException)
            {
                // Unreadable details must not hide the status the server did send.
            }
        }

        return new GrpcException(statusCode, message, details);
    }

    private static bool TryGetStatus(HttpHeaders source, out GrpcStatusCode statusCode)
    {
        statusCode = GrpcStatusCode.Unknown;
        if (!source.TryGetValues(GrpcProtocol.StatusHeader, out var values))
        {
            return false;
        }

        if (int.TryParse(values.First(), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            && code <= (int)GrpcStatusCode.Unauthenticated)
        {
            statusCode = (GrpcStatusCode)code;
        }

        return true;
    }

    /// <summary>The gRPC spec's mapping for responses that are not gRPC at all (proxies, wrong servers).</summary>
    private static GrpcStatusCode FromHttpStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => GrpcStatusCode.Internal,
        HttpStatusCode.Unauthorized => GrpcStatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => GrpcStatusCode.PermissionDenied,
        HttpStatusCode.NotFound => GrpcStatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => GrpcStatusCode.Unavailable,
        _ => GrpcStatusCode.Unknown,
    };

    private static void WriteMessage(IMessage message, Span<byte> destination) => message.WriteTo(destination);

    private TimeSpan? RemainingTime(GrpcCallOptions? options)
    {
        if (options is null || (options.Deadline is null && options.Timeout is null))
        {
            return null;
        }

        var remaining = options.Deadline is { } deadline ? deadline - timeProvider.GetUtcNow() : TimeSpan.MaxValue;
        return options.Timeout is { } timeout && timeout < remaining ? timeout : remaining;
    }

    private HttpRequestMessage CreateRequest<TRequest>(string service, string method, TRequest request, GrpcCallOptions? options, TimeSpan? timeout)
        where TRequest : IMessage<TRequest>
    {
        var size = request.CalculateSize();
        ByteArrayContent content;
        if (compressRequests)
        {
            var rented = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                WriteMessage(request, rented.AsSpan(0, size));
                var frame = GrpcProtocol.GzipFrame(rented.AsSpan(0, size));
                content = new ByteArrayContent(frame.Array!, frame.Offset, frame.Count);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        else
        {
            // Not pooled: HTTP/2 may still be sending the body when an early response completes the call.
            var frame = new byte[GrpcProtocol.PrefixLength + size];
            GrpcProtocol.WritePrefix(frame, compressed: false, size);
            WriteMessage(request, frame.AsSpan(GrpcProtocol.PrefixLength));
            content = new ByteArrayContent(frame);
        }

        content.Headers.TryAddWithoutValidation("content-type", GrpcProtocol.ContentType);
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, service + "/" + method))
        {
            // HttpClient's default version does not apply to SendAsync: every request must ask for HTTP/2 itself.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var requestHeaders = message.Headers;
        requestHeaders.TryAddWithoutValidation("te", "trailers");
        requestHeaders.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.SupportedEncodings);
        if (compressRequests)
        {
            requestHeaders.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, GrpcProtocol.Gzip);
        }

        if (timeout is { } t)
        {
            requestHeaders.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(t));
        }

        foreach (var (name, value) in headers)
        {
            if (options is null || !options.Headers.ContainsKey(name))
            {
                requestHeaders.TryAddWithoutValidation(name, value);
            }
        }

        if (options is not null)
        {
            foreach (var (name, value) in options.Headers)
            {
                requestHeaders.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    private async Task<TResponse> ReadResponseAsync<TResponse>(HttpResponseMessage response, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new GrpcException(FromHttpStatus(response.StatusCode), $"Bad gRPC response: HTTP status {(int)response.StatusCode}", []);
        }

        // Trailers-only response: the status arrives with the headers and there is no body.
        if (TryGetStatus(response.Headers, out var headerStatus))
        {
            throw headerStatus == GrpcStatusCode.Ok
                ? new GrpcException(GrpcStatusCode.Internal, "Server sent OK without a response message", [])
                : StatusException(response.Headers, headerStatus);
        }

        var contentType = response.Content.Headers.TryGetValues("content-type", out var contentTypes) ? contentTypes.First() : null;
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            throw new GrpcException(GrpcStatusCode.Internal, $"Bad gRPC response: content-type '{contentType}'", []);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var (message, hasMore) = await ReadMessageAsync(stream, response, parser, cancellationToken).ConfigureAwait(false);
            if (hasMore)
            {
                throw new GrpcException(GrpcStatusCode.Internal, "Server sent more than one message for a unary call", []);
            }

            // Trailers are only populated once the body has been read to its end.
            if (!TryGetStatus(response.TrailingHeaders, out var status))
            {
                throw new GrpcException(GrpcStatusCode.Internal, "Server closed the stream without a grpc-status", []);
            }

            if (status != GrpcStatusCode.Ok)
            {
                throw StatusException(response.TrailingHeaders, status);
            }

            return message ?? throw new GrpcException(GrpcStatusCode.Internal, "Server sent OK without a response message", []);
        }
    }

    private async Task<(TResponse? Message, bool HasMore)> ReadMessageAsync<TResponse>(
        Stream stream, HttpResponseMessage response, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        var prefix = ArrayPool<byte>.Shared.Rent(GrpcProtocol.PrefixLength);
        try
        {
            var read = await stream.ReadAtLeastAsync(prefix.AsMemory(0, GrpcProtocol.PrefixLength), GrpcProtocol.PrefixLength, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (default, false);
            }

            if (read < GrpcProtocol.PrefixLength)
            {
                throw new GrpcException(GrpcStatusCode.Internal, "Server sent an incomplete message prefix", []);
            }

            var compressed = prefix[0] == 1;
            var length = BinaryPrimitives.ReadUInt32BigEndian(prefix.AsSpan(1, 4));
            if (length > maxReceiveMessageSize)
            {
                throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"grpc: received message larger than max ({length} vs. {maxReceiveMessageSize})", []);
            }

            var message = await ReadPayloadAsync(stream, response, (int)length, compressed, parser, cancellationToken).ConfigureAwait(false);
            var more = await stream.ReadAsync(prefix.AsMemory(0, 1), cancellationToken).ConfigureAwait(false);
            return (message, more > 0);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(prefix);
        }
    }

    private async Task<TResponse> ReadPayloadAsync<TResponse>(
        Stream stream, HttpResponseMessage response, int length, bool compressed, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        var payload = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            try
            {
                await stream.ReadExactlyAsync(payload.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }
            catch (EndOfStreamException e)
            {
                throw new GrpcException(GrpcStatusCode.Internal, "Server sent an incomplete message", [], e);
            }

            if (!compressed)
            {
                return Parse(parser, payload.AsSpan(0, length));
            }

            var encoding = response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var values) ? values.First() : string.Empty;
            if (encoding != GrpcProtocol.Gzip)
            {
                throw new GrpcException(GrpcStatusCode.Internal, $"grpc: compressed message with unsupported grpc-encoding \"{encoding}\"", []);
            }

            MemoryStream? inflated;
            try
            {
                inflated = GrpcProtocol.Gunzip(payload.AsMemory(0, length), maxReceiveMessageSize);
            }
            catch (InvalidDataException e)
            {
                throw new GrpcException(GrpcStatusCode.Internal, $"grpc: failed to decompress the received message: {e.Message}", [], e);
            }

            using (inflated)
            {
                return inflated is null
                    ? throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"grpc: received message after decompression larger than max {maxReceiveMessageSize}", [])
                    : Parse(parser, inflated.GetBuffer().AsSpan(0, (int)inflated.Length));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    private static TResponse Parse<TResponse>(MessageParser<TResponse> parser, ReadOnlySpan<byte> payload)
        where TResponse : IMessage<TResponse>
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new GrpcException(GrpcStatusCode.Internal, $"grpc: failed to unmarshal the received message: {e.Message}", [], e);
        }
    }
}
