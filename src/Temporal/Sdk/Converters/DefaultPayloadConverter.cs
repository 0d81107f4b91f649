using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Temporalio.Api.Common.V1;

namespace ContentFlows.Temporal.Converters;

/// <summary>
/// The payload converter every Temporal SDK shares: null → <c>binary/null</c>; <c>byte[]</c> →
/// <c>binary/plain</c>; protobuf messages → <c>json/protobuf</c> (with <c>messageType</c>); anything else →
/// <c>json/plain</c> UTF-8 JSON through System.Text.Json with web defaults (camelCase names,
/// case-insensitive reading), which is what the TypeScript SDK writes and reads.
/// </summary>
public class DefaultPayloadConverter : IPayloadConverter
{
    private static readonly ConcurrentDictionary<Type, MessageDescriptor?> Descriptors = new();

    /// <summary>Initializes a new instance of the <see cref="DefaultPayloadConverter"/> class with web JSON defaults.</summary>
    public DefaultPayloadConverter()
        : this(new JsonSerializerOptions(JsonSerializerDefaults.Web))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DefaultPayloadConverter"/> class with custom JSON options.</summary>
    /// <param name="jsonSerializerOptions">The options for <c>json/plain</c> values.</param>
    public DefaultPayloadConverter(JsonSerializerOptions jsonSerializerOptions)
    {
        ArgumentNullException.ThrowIfNull(jsonSerializerOptions);
        JsonSerializerOptions = jsonSerializerOptions;
    }

    /// <summary>Gets the shared instance with web JSON defaults.</summary>
    public static DefaultPayloadConverter Instance { get; } = new();

    /// <summary>Gets the options for <c>json/plain</c> values.</summary>
    public JsonSerializerOptions JsonSerializerOptions { get; }

    /// <inheritdoc/>
    public virtual Payload ToPayload(object? value)
    {
        switch (value)
        {
            case null:
                return WithEncoding(PayloadEncodings.BinaryNullBytes, ByteString.Empty);
            case byte[] bytes:
                return WithEncoding(PayloadEncodings.BinaryPlainBytes, ByteString.CopyFrom(bytes));
            case IMessage message:
                var payload = WithEncoding(PayloadEncodings.JsonProtobufBytes, ByteString.CopyFromUtf8(JsonFormatter.Default.Format(message)));
                payload.Metadata[PayloadEncodings.MetadataMessageType] = ByteString.CopyFromUtf8(message.Descriptor.FullName);
                return payload;
            default:
                return WithEncoding(
                    PayloadEncodings.JsonPlainBytes,
                    ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), JsonSerializerOptions)));
        }
    }

    /// <inheritdoc/>
    public virtual object? ToValue(Payload payload, Type type)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(type);
        var encoding = payload.Metadata.TryGetValue(PayloadEncodings.MetadataEncoding, out var raw) ? raw.ToStringUtf8() : string.Empty;
        switch (encoding)
        {
            case PayloadEncodings.BinaryNull:
                if (type.IsValueType && Nullable.GetUnderlyingType(type) is null)
                {
                    throw new InvalidOperationException($"Payload is binary/null but {type} cannot be null.");
                }

                return null;
            case PayloadEncodings.BinaryPlain:
                if (type != typeof(byte[]) && type != typeof(object))
                {
                    throw new InvalidOperationException($"Payload is binary/plain, which converts only to byte[]; asked for {type}.");
                }

                return payload.Data.ToByteArray();
            case PayloadEncodings.JsonProtobuf:
                return ParseMessage(type, payload, json: true);
            case PayloadEncodings.BinaryProtobuf:
                return ParseMessage(type, payload, json: false);
            case PayloadEncodings.JsonPlain:
                try
                {
                    return JsonSerializer.Deserialize(payload.Data.Span, type, JsonSerializerOptions);
                }
                catch (JsonException e)
                {
                    throw new InvalidOperationException($"json/plain payload does not convert to {type}: {e.Message}", e);
                }

            default:
                throw new InvalidOperationException(
                    encoding.Length == 0
                        ? "Payload has no encoding metadata."
                        : $"Unknown payload encoding '{encoding}' (is a payload codec missing?).");
        }
    }

    private static Payload WithEncoding(ByteString encoding, ByteString data)
    {
        var payload = new Payload { Data = data };
        payload.Metadata[PayloadEncodings.MetadataEncoding] = encoding;
        return payload;
    }

    private static object ParseMessage(Type type, Payload payload, bool json)
    {
        var descriptor = Descriptors.GetOrAdd(type, static t =>
            typeof(IMessage).IsAssignableFrom(t)
                ? t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as MessageDescriptor
                : null)
            ?? throw new InvalidOperationException($"Payload is a protobuf message, which converts only to a generated protobuf type; asked for {type}.");
        if (payload.Metadata.TryGetValue(PayloadEncodings.MetadataMessageType, out var messageType)
            && messageType.ToStringUtf8() is { Length: > 0 } name && name != descriptor.FullName)
        {
            throw new InvalidOperationException($"Payload holds protobuf message {name}; asked for {descriptor.FullName}.");
        }

        return json
            ? JsonParser.Default.Parse(payload.Data.ToStringUtf8(), descriptor)
            : descriptor.Parser.ParseFrom(payload.Data);
    }
}
