using ContentFlows.Temporal.DevServer.Visibility;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Tests.Visibility;

public sealed class SearchAttributeRegistryTests
{
    [Theory]
    [InlineData("WorkflowId", IndexedValueType.Keyword)]
    [InlineData("RunId", IndexedValueType.Keyword)]
    [InlineData("WorkflowType", IndexedValueType.Keyword)]
    [InlineData("StartTime", IndexedValueType.Datetime)]
    [InlineData("ExecutionTime", IndexedValueType.Datetime)]
    [InlineData("CloseTime", IndexedValueType.Datetime)]
    [InlineData("ExecutionStatus", IndexedValueType.Keyword)]
    [InlineData("TaskQueue", IndexedValueType.Keyword)]
    [InlineData("HistoryLength", IndexedValueType.Int)]
    [InlineData("HistorySizeBytes", IndexedValueType.Int)]
    [InlineData("ExecutionDuration", IndexedValueType.Int)]
    [InlineData("StateTransitionCount", IndexedValueType.Int)]
    [InlineData("ParentWorkflowId", IndexedValueType.Keyword)]
    [InlineData("ParentRunId", IndexedValueType.Keyword)]
    [InlineData("RootWorkflowId", IndexedValueType.Keyword)]
    [InlineData("RootRunId", IndexedValueType.Keyword)]
    [InlineData("TemporalChangeVersion", IndexedValueType.KeywordList)]
    [InlineData("BinaryChecksums", IndexedValueType.KeywordList)]
    [InlineData("BuildIds", IndexedValueType.KeywordList)]
    [InlineData("CustomKeywordField", IndexedValueType.Keyword)]
    [InlineData("CustomTextField", IndexedValueType.Text)]
    [InlineData("CustomStringField", IndexedValueType.Text)]
    [InlineData("CustomIntField", IndexedValueType.Int)]
    [InlineData("CustomDoubleField", IndexedValueType.Double)]
    [InlineData("CustomBoolField", IndexedValueType.Bool)]
    [InlineData("CustomDatetimeField", IndexedValueType.Datetime)]
    public void TryGetType_KnownAttribute_ReturnsItsType(string name, IndexedValueType expected)
    {
        Assert.True(new SearchAttributeRegistry().TryGetType(name, out var type));
        Assert.Equal(expected, type);
    }

    [Theory]
    [InlineData("Foo")]
    [InlineData("workflowid")]
    [InlineData("")]
    public void TryGetType_UnknownAttribute_ReturnsFalse(string name) =>
        Assert.False(new SearchAttributeRegistry().TryGetType(name, out _));

    [Fact]
    public void Register_NewAttribute_BecomesQueryable()
    {
        var registry = new SearchAttributeRegistry();

        registry.Register("Priority", IndexedValueType.Int);
        registry.Register("Priority", IndexedValueType.Int);

        Assert.True(registry.TryGetType("Priority", out var type));
        Assert.Equal(IndexedValueType.Int, type);
        Assert.Equal(IndexedValueType.Int, registry.CustomAttributes["Priority"]);
        var row = new TestRow
        {
            WorkflowId = "x",
            SearchAttributes = new Dictionary<string, Temporalio.Api.Common.V1.Payload> { ["Priority"] = VisibilityTestData.Sa(7L, IndexedValueType.Int) },
        };
        Assert.True(VisibilityQuery.Parse("Priority >= 7", registry).Matches(row));
    }

    [Fact]
    public void Register_ExistingNameWithOtherType_Throws()
    {
        var registry = new SearchAttributeRegistry();

        var error = Assert.Throws<ArgumentException>(() => registry.Register("CustomIntField", IndexedValueType.Keyword));
        Assert.Contains("already registered as Int", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Register_SystemName_Throws() =>
        Assert.Throws<ArgumentException>(() => new SearchAttributeRegistry().Register("WorkflowId", IndexedValueType.Keyword));

    [Fact]
    public void Register_UnspecifiedType_Throws() =>
        Assert.Throws<ArgumentException>(() => new SearchAttributeRegistry().Register("Foo", IndexedValueType.Unspecified));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Register_BlankName_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => new SearchAttributeRegistry().Register(name, IndexedValueType.Keyword));

    [Fact]
    public void SystemAttributes_DoNotIncludeCustomOnes()
    {
        Assert.True(SearchAttributeRegistry.IsSystem("ExecutionStatus"));
        Assert.False(SearchAttributeRegistry.IsSystem("CustomIntField"));
        Assert.DoesNotContain("CustomIntField", SearchAttributeRegistry.SystemAttributes.Keys);
    }
}
