using ContentFlows.Temporal.Converters;
using Google.Protobuf;
using Temporalio.Api.Common.V1;

namespace ContentFlows.Temporal.Sdk.Tests.Converters;

public sealed class DefaultPayloadConverterTests
{
    private readonly DefaultPayloadConverter converter = DefaultPayloadConverter.Instance;

    public sealed record Draft(string Title, int WordCount, IReadOnlyList<string> Tags);

    private static string Encoding(Payload payload) => payload.Metadata["encoding"].ToStringUtf8();

    [Fact]
    public void ToPayload_Null_IsBinaryNullWithEmptyData()
    {
        var payload = converter.ToPayload(null);

        Assert.Equal("binary/null", Encoding(payload));
        Assert.True(payload.Data.IsEmpty);
        Assert.Null(converter.ToValue<string?>(payload));
        Assert.Null(converter.ToValue<int?>(payload));
    }

    [Fact]
    public void ToPayload_ByteArray_IsBinaryPlainWithRawBytes()
    {
        var payload = converter.ToPayload(new byte[] { 1, 2, 3 });

        Assert.Equal("binary/plain", Encoding(payload));
        Assert.Equal(new byte[] { 1, 2, 3 }, payload.Data.ToByteArray());
        Assert.Equal(new byte[] { 1, 2, 3 }, converter.ToValue<byte[]>(payload));
    }

    [Fact]
    public void ToPayload_Record_IsCamelCaseJsonPlainAsTypeScriptWritesIt()
    {
        var payload = converter.ToPayload(new Draft("Hello", 42, ["a", "b"]));

        Assert.Equal("json/plain", Encoding(payload));
        Assert.Equal("""{"title":"Hello","wordCount":42,"tags":["a","b"]}""", payload.Data.ToStringUtf8());
    }

    [Fact]
    public void ToValue_TypeScriptJson_ReadsIntoRecord()
    {
        // What JSON.stringify({ title: 'Hi', wordCount: 7, tags: [] }) produces in the TypeScript SDK.
        var payload = new Payload { Data = ByteString.CopyFromUtf8("""{"title":"Hi","wordCount":7,"tags":[]}""") };
        payload.Metadata["encoding"] = ByteString.CopyFromUtf8("json/plain");

        var draft = converter.ToValue<Draft>(payload);

        Assert.Empty(draft.Tags);
        Assert.Equal("Hi", draft.Title);
        Assert.Equal(7, draft.WordCount);
    }

    [Theory]
    [InlineData("text", "\"text\"")]
    [InlineData(12, "12")]
    [InlineData(true, "true")]
    [InlineData(1.5, "1.5")]
    public void ToPayload_Primitive_RoundTripsThroughJson(object value, string json)
    {
        var payload = converter.ToPayload(value);

        Assert.Equal(json, payload.Data.ToStringUtf8());
        Assert.Equal(value, converter.ToValue(payload, value.GetType()));
    }

    [Fact]
    public void ToPayload_ProtobufMessage_IsJsonProtobufWithMessageType()
    {
        var message = new WorkflowExecution { WorkflowId = "wf-1", RunId = "run-1" };

        var payload = converter.ToPayload(message);

        Assert.Equal("json/protobuf", Encoding(payload));
        Assert.Equal("temporal.api.common.v1.WorkflowExecution", payload.Metadata["messageType"].ToStringUtf8());
        Assert.Equal("""{ "workflowId": "wf-1", "runId": "run-1" }""", payload.Data.ToStringUtf8());
        Assert.Equal(message, converter.ToValue<WorkflowExecution>(payload));
    }

    [Fact]
    public void ToValue_BinaryProtobuf_ParsesMessage()
    {
        var message = new WorkflowExecution { WorkflowId = "wf-2" };
        var payload = new Payload { Data = message.ToByteString() };
        payload.Metadata["encoding"] = ByteString.CopyFromUtf8("binary/protobuf");

        Assert.Equal(message, converter.ToValue<WorkflowExecution>(payload));
    }

    [Fact]
    public void ToValue_ProtobufOfOtherMessageType_Throws()
    {
        var payload = converter.ToPayload(new WorkflowExecution { WorkflowId = "x" });

        var error = Assert.Throws<InvalidOperationException>(() => converter.ToValue<WorkflowType>(payload));
        Assert.Contains("temporal.api.common.v1.WorkflowExecution", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToValue_NullIntoNonNullableValueType_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => converter.ToValue<int>(converter.ToPayload(null)));
    }

    [Fact]
    public void ToValue_UnknownEncoding_ThrowsNamingIt()
    {
        var payload = new Payload { Data = ByteString.CopyFromUtf8("x") };
        payload.Metadata["encoding"] = ByteString.CopyFromUtf8("binary/encrypted");

        var error = Assert.Throws<InvalidOperationException>(() => converter.ToValue<string>(payload));
        Assert.Contains("binary/encrypted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToValue_ObjectType_ReturnsJsonElement()
    {
        var value = converter.ToValue<object>(converter.ToPayload(new Draft("T", 1, [])));

        var element = Assert.IsType<System.Text.Json.JsonElement>(value);
        Assert.Equal("T", element.GetProperty("title").GetString());
    }
}
