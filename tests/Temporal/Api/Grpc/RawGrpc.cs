using System.Buffers.Binary;
using System.Net;
using Google.Protobuf;

namespace ContentFlows.Temporal.Api.Tests.Grpc;

/// <summary>Hand-built gRPC requests, for wire cases a well-behaved channel never produces.</summary>
public static class RawGrpc
{
    public static byte[] Frame(IMessage message, byte flag = 0) => Frame(message.ToByteArray(), flag);

    public static byte[] Frame(byte[] payload, byte flag = 0)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static async Task<RawResponse> PostAsync(
        Uri address,
        string path,
        byte[] body,
        string contentType = "application/grpc",
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.TryAddWithoutValidation("content-type", contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var responseBody = await response.Content.ReadAsByteArrayAsync();
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            all[name] = string.Join(',', values);
        }

        var trailers = response.TrailingHeaders.ToDictionary(h => h.Key, h => string.Join(',', h.Value), StringComparer.OrdinalIgnoreCase);
        var statusSource = trailers.ContainsKey("grpc-status") ? trailers : all;
        return new RawResponse(
            response.StatusCode,
            statusSource.TryGetValue("grpc-status", out var status) ? int.Parse(status, System.Globalization.CultureInfo.InvariantCulture) : null,
            statusSource.GetValueOrDefault("grpc-message"),
            all,
            trailers,
            responseBody);
    }
}

public sealed record RawResponse(
    HttpStatusCode HttpStatus,
    int? GrpcStatus,
    string? GrpcMessage,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> Trailers,
    byte[] Body);
