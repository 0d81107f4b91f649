using ContentFlows.Temporal.DevServer.Visibility;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Tests.Visibility;

public sealed class SearchAttributePayloadTests
{
    [Theory]
    [InlineData("\"abc\"", "CustomKeywordField = 'abc'", true)]
    [InlineData("[\"x\", \"abc\"]", "CustomKeywordField = 'abc'", true)]
    [InlineData("[\"x\", \"abc\"]", "CustomKeywordField != 'abc'", false)]
    [InlineData("\"v1\"", "TemporalChangeVersion = 'v1'", true)]
    [InlineData("5.0", "CustomIntField = 5", true)]
    [InlineData("[1, 7]", "CustomIntField > 5", true)]
    [InlineData("\"5\"", "CustomIntField IS NULL", true)]
    [InlineData("null", "CustomKeywordField IS NULL", true)]
    [InlineData("[]", "CustomKeywordField IS NULL", true)]
    [InlineData("not json", "CustomKeywordField IS NULL", true)]
    [InlineData("", "CustomKeywordField IS NULL", true)]
    [InlineData("\"not a date\"", "CustomDatetimeField IS NULL", true)]
    [InlineData("\"2024-01-01T00:00:00.123456789+01:00\"", "CustomDatetimeField = '2023-12-31T23:00:00.1234567Z'", true)]
    [InlineData("1", "CustomBoolField IS NULL", true)]
    [InlineData("3", "CustomDoubleField = 3", true)]
    [InlineData("12", "StateTransitionCount > 10", true)]
    public void Decode_RawPayload_IsReadAsQueriesExpect(string json, string query, bool matches)
    {
        var row = new TestRow
        {
            WorkflowId = "x",
            SearchAttributes = new Dictionary<string, Payload>
            {
                [query.Split(' ')[0]] = new() { Data = ByteString.CopyFromUtf8(json) },
            },
        };

        Assert.Equal(matches, VisibilityQuery.Parse(query, new SearchAttributeRegistry()).Matches(row));
    }

    [Fact]
    public void Encode_Datetime_WritesUtcRfc3339WithTypeMetadata()
    {
        var payload = SearchAttributePayload.Encode(VisibilityTestData.At("2024-01-01T01:00:00.5+01:00"), IndexedValueType.Datetime);

        Assert.Equal("\"2024-01-01T00:00:00.5Z\"", payload.Data.ToStringUtf8());
        Assert.Equal("Datetime", payload.Metadata["type"].ToStringUtf8());
        Assert.Equal("json/plain", payload.Metadata["encoding"].ToStringUtf8());
    }

    [Theory]
    [InlineData(IndexedValueType.Keyword, "\"a\"")]
    [InlineData(IndexedValueType.Int, "42")]
    [InlineData(IndexedValueType.Bool, "true")]
    [InlineData(IndexedValueType.Double, "0.25")]
    [InlineData(IndexedValueType.KeywordList, "[\"a\",\"b\"]")]
    public void Encode_Scalars_WritesJson(IndexedValueType type, string expected)
    {
        object value = type switch
        {
            IndexedValueType.Int => 42L,
            IndexedValueType.Bool => true,
            IndexedValueType.Double => 0.25,
            IndexedValueType.KeywordList => new[] { "a", "b" },
            _ => "a",
        };

        Assert.Equal(expected, SearchAttributePayload.Encode(value, type).Data.ToStringUtf8());
    }

    [Fact]
    public void Encode_UnsupportedValue_Throws() =>
        Assert.Throws<ArgumentException>(() => SearchAttributePayload.Encode(new object(), IndexedValueType.Keyword));
}
