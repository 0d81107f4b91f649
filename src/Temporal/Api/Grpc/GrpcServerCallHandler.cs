using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>Runs one unary call on Kestrel: framing, deadline, status trailers.</summary>
internal sealed class GrpcServerCallHandler(GrpcServerOptions options, ILogger logger)
{
    // A CancellationTokenSource timer cannot exceed ~49.7 days; longer deadlines are just never fired.
    private static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly int maxReceiveMessageSize = options.MaxReceiveMessageSize;
    private readonly int maxSendMessageSize = options.MaxSendMessageSize;
    private readonly TimeProvider timeProvider = options.TimeProvider;

    internal Task HandleUnimplementedAsync(HttpContext httpContext, string message)
    {
        if (TryAcceptCall(httpContext, message))
        {
            WriteStatus(httpContext, GrpcStatusCode.Unimplemented, message, []);
        }

        return Task.CompletedTask;
    }

    internal async Task HandleUnaryAsync(HttpContext httpContext, GrpcUnaryMethod method, string fullMethod)
    {
        if (!TryAcceptCall(httpContext, fullMethod))
        {
            return;
        }

        var timeoutHeader = httpContext.Request.Headers[GrpcProtocol.TimeoutHeader].ToString();
        TimeSpan? timeout = null;
        if (timeoutHeader.Length > 0)
        {
            if (!GrpcTimeout.TryParse(timeoutHeader, out var parsed))
            {
                Fail(httpContext, fullMethod, GrpcStatusCode.Internal, $"transport: malformed grpc-timeout: {timeoutHeader}", []);
                return;
            }

            timeout = parsed;
        }

        // An already expired deadline never reaches the handler.
        if (timeout <= TimeSpan.Zero)
        {
            Fail(httpContext, fullMethod, GrpcStatusCode.DeadlineExceeded, "Deadline Exceeded", []);
            return;
        }

        DateTimeOffset? deadline = timeout is { } t ? timeProvider.GetUtcNow() + t : null;
        using var deadlineSource = timeout is { } d && d <= MaxTimer ? new CancellationTokenSource(d, timeProvider) : null;
        using var linkedSource = deadlineSource is null ? null : CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, deadlineSource.Token);
        var cancellationToken = linkedSource?.Token ?? httpContext.RequestAborted;

        IMessage response;
        try
        {
            var request = await ReadRequestAsync(httpContext, method, cancellationToken).ConfigureAwait(false);
            var context = new GrpcCallContext(httpContext, fullMethod, deadline, cancellationToken);
            response = await method.Invoke(request, context).ConfigureAwait(false);
        }
        catch (GrpcException e)
        {
            Fail(httpContext, fullMethod, e.StatusCode, e.Message, e.Details);
            return;
        }
        catch (Exception e) when (deadlineSource?.IsCancellationRequested == true && e is OperationCanceledException)
        {
            Fail(httpContext, fullMethod, GrpcStatusCode.DeadlineExceeded, "Deadline Exceeded", []);
            return;
        }
        catch (Exception) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client reset the stream: nobody will read this status, but it keeps the log honest.
            Fail(httpContext, fullMethod, GrpcStatusCode.Cancelled, "Call cancelled by the client", []);
            return;
        }
        catch (Exception e)
        {
            // Never UNKNOWN: Temporal's clients silently retry it.
            GrpcServerLog.HandlerFailed(logger, fullMethod, e);
            Fail(httpContext, fullMethod, GrpcStatusCode.Internal, e.Message, []);
            return;
        }

        // The client has given up by now; a late success would contradict the deadline it sees.
        if (deadlineSource?.IsCancellationRequested == true)
        {
            Fail(httpContext, fullMethod, GrpcStatusCode.DeadlineExceeded, "Deadline Exceeded", []);
            return;
        }

        await WriteResponseAsync(httpContext, fullMethod, response).ConfigureAwait(false);
    }

    private bool TryAcceptCall(HttpContext httpContext, string method)
    {
        var request = httpContext.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            // Trailers, which carry the status, do not exist in HTTP/1.1.
            Reject(httpContext, StatusCodes.Status426UpgradeRequired, $"Request protocol '{request.Protocol}' is not supported.");
            return false;
        }

        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            Reject(httpContext, StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{request.ContentType}' is not supported.");
            return false;
        }

        return true;

        void Reject(HttpContext context, int httpStatus, string reason)
        {
            GrpcServerLog.CallRejected(logger, method, httpStatus, reason);

            // Same shape as ASP.NET Core gRPC: an HTTP error plus a readable status for gRPC-aware clients.
            context.Response.StatusCode = httpStatus;
            context.Response.Headers[GrpcProtocol.StatusHeader] = ((int)GrpcStatusCode.Internal).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers[GrpcProtocol.MessageHeader] = GrpcProtocol.EncodeMessage(reason);
        }
    }

    private static void WriteStatus(HttpContext httpContext, GrpcStatusCode statusCode, string message, IReadOnlyList<Any> details)
    {
        var response = httpContext.Response;
        var trailersOnly = !response.HasStarted;
        if (trailersOnly)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = GrpcProtocol.ContentType;
            response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.SupportedEncodings;
        }

        Set(GrpcProtocol.StatusHeader, ((int)statusCode).ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(message))
        {
            Set(GrpcProtocol.MessageHeader, GrpcProtocol.EncodeMessage(message));
        }

        if (details.Count > 0)
        {
            var status = new Google.Rpc.Status { Code = (int)statusCode, Message = message };
            status.Details.AddRange(details);
            Set(GrpcProtocol.StatusDetailsHeader, GrpcProtocol.EncodeBinaryHeader(status.ToByteArray()));
        }

        void Set(string name, string value)
        {
            if (trailersOnly)
            {
                response.Headers[name] = value;
            }
            else
            {
                response.AppendTrailer(name, value);
            }
        }
    }

    private static void WriteFrame(PipeWriter writer, IMessage message, int size)
    {
        GrpcProtocol.WritePrefix(writer.GetSpan(GrpcProtocol.PrefixLength), compressed: false, size);
        writer.Advance(GrpcProtocol.PrefixLength);
        message.WriteTo(writer);
    }

    private static void DisableKestrelBodyLimit(HttpContext httpContext)
    {
        // Kestrel's own 30 MB request limit would cut in before MaxReceiveMessageSize does.
        var feature = httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = null;
        }
    }

    private void Fail(HttpContext httpContext, string method, GrpcStatusCode statusCode, string message, IReadOnlyList<Any> details)
    {
        GrpcServerLog.CallFailed(logger, method, statusCode, message);
        WriteStatus(httpContext, statusCode, message, details);
    }

    private async Task<IMessage> ReadRequestAsync(HttpContext httpContext, GrpcUnaryMethod method, CancellationToken cancellationToken)
    {
        DisableKestrelBodyLimit(httpContext);
        var reader = httpContext.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= GrpcProtocol.PrefixLength)
            {
                var (compressed, length) = ReadPrefix(buffer);
                if (length > maxReceiveMessageSize)
                {
                    throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"grpc: received message larger than max ({length} vs. {maxReceiveMessageSize})");
                }

                if (buffer.Length >= GrpcProtocol.PrefixLength + length)
                {
                    var payload = buffer.Slice(GrpcProtocol.PrefixLength, length);
                    try
                    {
                        return Decode(httpContext, method, compressed, payload);
                    }
                    finally
                    {
                        reader.AdvanceTo(payload.End);
                    }
                }
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                throw new GrpcException(GrpcStatusCode.Internal, buffer.Length == 0
                    ? "grpc: request has no message"
                    : "grpc: request ended before a complete message was received");
            }

            // Nothing consumed yet: ask for more data without losing what arrived.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static (bool Compressed, long Length) ReadPrefix(ReadOnlySequence<byte> buffer)
    {
        Span<byte> prefix = stackalloc byte[GrpcProtocol.PrefixLength];
        buffer.Slice(0, GrpcProtocol.PrefixLength).CopyTo(prefix);
        return (prefix[0] == 1, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]));
    }

    private IMessage Decode(HttpContext httpContext, GrpcUnaryMethod method, bool compressed, ReadOnlySequence<byte> payload)
    {
        if (!compressed)
        {
            return Parse(method, payload);
        }

        var encoding = httpContext.Request.Headers[GrpcProtocol.EncodingHeader].ToString();
        if (encoding.Length == 0 || encoding == GrpcProtocol.Identity)
        {
            throw new GrpcException(GrpcStatusCode.Internal, "grpc: compressed flag set with identity or empty encoding");
        }

        if (encoding != GrpcProtocol.Gzip)
        {
            throw new GrpcException(GrpcStatusCode.Unimplemented, $"grpc: Decompressor is not installed for grpc-encoding \"{encoding}\"");
        }

        byte[]? rented = null;
        try
        {
            ReadOnlyMemory<byte> input;
            if (payload.IsSingleSegment)
            {
                input = payload.First;
            }
            else
            {
                rented = ArrayPool<byte>.Shared.Rent((int)payload.Length);
                payload.CopyTo(rented);
                input = rented.AsMemory(0, (int)payload.Length);
            }

            using var inflated = Gunzip(input)
                ?? throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"grpc: received message after decompression larger than max {maxReceiveMessageSize}");
            return Parse(method, new ReadOnlySequence<byte>(inflated.GetBuffer(), 0, (int)inflated.Length));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private MemoryStream? Gunzip(ReadOnlyMemory<byte> input)
    {
        try
        {
            return GrpcProtocol.Gunzip(input, maxReceiveMessageSize);
        }
        catch (InvalidDataException e)
        {
            throw new GrpcException(GrpcStatusCode.Internal, $"grpc: failed to decompress the received message: {e.Message}", [], e);
        }
    }

    private static IMessage Parse(GrpcUnaryMethod method, ReadOnlySequence<byte> payload)
    {
        try
        {
            return method.Parse(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            // grpc-go's status and wording, which Temporal's clients see from a real server.
            throw new GrpcException(GrpcStatusCode.Internal, $"grpc: error unmarshalling request: {e.Message}", [], e);
        }
    }

    private async Task WriteResponseAsync(HttpContext httpContext, string fullMethod, IMessage message)
    {
        var size = message.CalculateSize();
        if (size > maxSendMessageSize)
        {
            Fail(httpContext, fullMethod, GrpcStatusCode.ResourceExhausted, $"grpc: trying to send message larger than max ({size} vs. {maxSendMessageSize})", []);
            return;
        }

        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.SupportedEncodings;
        WriteFrame(response.BodyWriter, message, size);
        try
        {
            await response.BodyWriter.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-response; there is no one left to tell.
            return;
        }

        response.AppendTrailer(GrpcProtocol.StatusHeader, "0");
    }
}
