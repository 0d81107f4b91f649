using ContentFlows.Temporal.DevServer.Visibility;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Tests.Visibility;

/// <summary>List order (default and ORDER BY) and GROUP BY for counting.</summary>
public sealed partial class VisibilityQueryTests
{
    [Theory]
    [InlineData("", "5,1,4,3,2")]
    [InlineData("ExecutionStatus != 'Failed'", "5,1,4,2")]
    [InlineData("ORDER BY StartTime", "1,2,3,4,5")]
    [InlineData("ORDER BY StartTime ASC", "1,2,3,4,5")]
    [InlineData("ORDER BY StartTime DESC", "5,4,3,2,1")]
    [InlineData("order by `HistoryLength` desc", "4,3,2,1,5")]
    [InlineData("ORDER BY CustomIntField", "3,1,2,5,4")]
    [InlineData("ORDER BY CustomIntField DESC", "2,1,3,5,4")]
    [InlineData("ORDER BY CloseTime DESC", "4,3,2,5,1")]
    [InlineData("ORDER BY CloseTime", "2,3,4,5,1")]
    [InlineData("ORDER BY WorkflowType ASC, StartTime DESC", "2,1,4,3,5")]
    [InlineData("ORDER BY ExecutionStatus", "2,3,5,1,4")]
    [InlineData("ORDER BY ExecutionDuration DESC", "3,2,4,5,1")]
    [InlineData("TaskQueue IN ('orders', 'payments') ORDER BY HistoryLength", "1,2,3,4")]
    [InlineData("GROUP BY ExecutionStatus ORDER BY StartTime", "1,2,3,4,5")]
    public void Order_SortsByColumnsThenDefaultOrder(string query, string expected) =>
        Assert.Equal(expected, VisibilityTestData.Ordered(query));

    [Fact]
    public void Order_Default_OpenRunsFirstThenCloseTimeDescStartTimeDescRunIdAsc()
    {
        var start = VisibilityTestData.At("2024-01-01T00:00:00Z");
        TestRow[] rows =
        [
            new() { WorkflowId = "closed-early", RunId = "a", StartTime = start, CloseTime = start.AddHours(1) },
            new() { WorkflowId = "closed-late-b", RunId = "b", StartTime = start, CloseTime = start.AddHours(2) },
            new() { WorkflowId = "closed-late-a", RunId = "a", StartTime = start, CloseTime = start.AddHours(2) },
            new() { WorkflowId = "closed-late-newer", RunId = "z", StartTime = start.AddMinutes(1), CloseTime = start.AddHours(2) },
            new() { WorkflowId = "open-old", RunId = "c", StartTime = start },
            new() { WorkflowId = "open-new", RunId = "d", StartTime = start.AddDays(1) },
        ];

        var order = VisibilityQuery.Parse(null, new SearchAttributeRegistry()).Order;

        Assert.Equal(
            ["open-new", "open-old", "closed-late-newer", "closed-late-a", "closed-late-b", "closed-early"],
            rows.Order(order).Select(r => r.WorkflowId));
    }

    [Fact]
    public void Order_NullRows_SortFirst()
    {
        var order = VisibilityQuery.Parse(null, new SearchAttributeRegistry()).Order;
        var row = new TestRow { WorkflowId = "x" };

        Assert.Equal(0, order.Compare(null, null));
        Assert.True(order.Compare(null, row) < 0);
        Assert.True(order.Compare(row, null) > 0);
    }

    [Fact]
    public void HasOrderBy_ReflectsOrderByClause()
    {
        Assert.False(VisibilityQuery.Parse("WorkflowId = 'a'", VisibilityTestData.Registry()).HasOrderBy);
        Assert.True(VisibilityQuery.Parse("ORDER BY StartTime", VisibilityTestData.Registry()).HasOrderBy);
    }

    [Theory]
    [InlineData("GROUP BY ExecutionStatus")]
    [InlineData("group by `ExecutionStatus`")]
    [InlineData("ExecutionStatus != 'Running' GROUP BY ExecutionStatus")]
    public void GroupBy_ExecutionStatus_IsAccepted(string query) =>
        Assert.Equal("ExecutionStatus", VisibilityQuery.Parse(query, VisibilityTestData.Registry()).GroupBy);

    [Fact]
    public void GroupBy_Absent_IsNull() =>
        Assert.Null(VisibilityQuery.Parse("WorkflowId = 'a'", VisibilityTestData.Registry()).GroupBy);

    [Fact]
    public void GetGroupValue_EncodesStatusNameAsKeywordPayload()
    {
        var query = VisibilityQuery.Parse("GROUP BY ExecutionStatus", VisibilityTestData.Registry());

        var payload = query.GetGroupValue(new TestRow { WorkflowId = "x", Status = WorkflowExecutionStatus.ContinuedAsNew });

        Assert.Equal("\"ContinuedAsNew\"", payload.Data.ToStringUtf8());
        Assert.Equal("json/plain", payload.Metadata["encoding"].ToStringUtf8());
        Assert.Equal("Keyword", payload.Metadata["type"].ToStringUtf8());
    }

    [Fact]
    public void GetGroupValue_WithoutGroupBy_Throws()
    {
        var query = VisibilityQuery.Parse(string.Empty, VisibilityTestData.Registry());

        Assert.Throws<InvalidOperationException>(() => query.GetGroupValue(new TestRow { WorkflowId = "x" }));
    }

    [Fact]
    public void Parse_KeepsQueryText()
    {
        Assert.Equal("WorkflowId = 'a'", VisibilityQuery.Parse("WorkflowId = 'a'", VisibilityTestData.Registry()).Text);
        Assert.Equal(string.Empty, VisibilityQuery.Parse("  ", VisibilityTestData.Registry()).Text);
    }
}
