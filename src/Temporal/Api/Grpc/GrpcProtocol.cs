using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>Wire-level facts of gRPC over HTTP/2 that the server needs.</summary>
internal static class GrpcProtocol
{
    internal const string ContentType = "application/grpc";
    internal const string StatusHeader = "grpc-status";
    internal const string MessageHeader = "grpc-message";
    internal const string StatusDetailsHeader = "grpc-status-details-bin";
    internal const string TimeoutHeader = "grpc-timeout";
    internal const string EncodingHeader = "grpc-encoding";
    internal const string AcceptEncodingHeader = "grpc-accept-encoding";
    internal const string SupportedEncodings = "identity,gzip";
    internal const string Gzip = "gzip";
    internal const string Identity = "identity";
    internal const int PrefixLength = 5;
    internal const int DefaultMaxMessageSize = 128 * 1024 * 1024;

    /// <summary>True for <c>application/grpc</c> and its <c>+proto</c>/parameter variants, not <c>application/grpc-web</c>.</summary>
    internal static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return contentType.Length == ContentType.Length || contentType[ContentType.Length] is '+' or ';';
    }

    internal static void WritePrefix(Span<byte> destination, bool compressed, int length)
    {
        destination[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }

    /// <summary>
    /// Inflates a gzip message, failing as soon as the output would pass <paramref name="maxSize"/> so a
    /// small compressed bomb cannot allocate more than the limit.
    /// </summary>
    /// <returns>A buffer owning the decompressed bytes, or null when the output exceeds the limit.</returns>
    internal static MemoryStream? Gunzip(ReadOnlyMemory<byte> compressed, int maxSize)
    {
        using var input = new ReadOnlyMemoryStream(compressed);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        var output = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = gzip.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > maxSize)
                {
                    output.Dispose();
                    return null;
                }

                output.Write(chunk, 0, read);
            }

            output.Position = 0;
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Percent-encodes a status message as the gRPC spec requires (UTF-8; bytes outside 0x20–0x7E and '%').</summary>
    internal static string EncodeMessage(string message)
    {
        var needsEncoding = false;
        foreach (var c in message)
        {
            if (c is < ' ' or > '~' or '%')
            {
                needsEncoding = true;
                break;
            }
        }

        if (!needsEncoding)
        {
            return message;
        }

        var bytes = Encoding.UTF8.GetBytes(message);
        var builder = new StringBuilder(bytes.Length + 16);
        foreach (var b in bytes)
        {
            if (b is < 0x20 or > 0x7E or (byte)'%')
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append((char)b);
            }
        }

        return builder.ToString();
    }

    /// <summary>Base64 without padding, the form gRPC implementations send for <c>-bin</c> metadata.</summary>
    internal static string EncodeBinaryHeader(ReadOnlySpan<byte> value) => Convert.ToBase64String(value).TrimEnd('=');

    /// <summary>A read-only stream over memory, so gzip input needs no copy.</summary>
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
    {
        private int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => memory.Length;

        public override long Position
        {
            get => position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(buffer.Length, memory.Length - position);
            memory.Span.Slice(position, count).CopyTo(buffer);
            position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
