using Google.Protobuf;

namespace ContentFlows.Temporal.Converters;

/// <summary>The <c>encoding</c> metadata values every Temporal SDK understands.</summary>
internal static class PayloadEncodings
{
    public const string MetadataEncoding = "encoding";
    public const string MetadataMessageType = "messageType";
    public const string BinaryNull = "binary/null";
    public const string BinaryPlain = "binary/plain";
    public const string JsonProtobuf = "json/protobuf";
    public const string BinaryProtobuf = "binary/protobuf";
    public const string JsonPlain = "json/plain";
    public const string BinaryEncrypted = "binary/encrypted";

    public static readonly ByteString BinaryNullBytes = ByteString.CopyFromUtf8(BinaryNull);
    public static readonly ByteString BinaryPlainBytes = ByteString.CopyFromUtf8(BinaryPlain);
    public static readonly ByteString JsonProtobufBytes = ByteString.CopyFromUtf8(JsonProtobuf);
    public static readonly ByteString JsonPlainBytes = ByteString.CopyFromUtf8(JsonPlain);
}
