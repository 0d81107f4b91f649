using System.Globalization;
using ContentFlows.Temporal.DevServer.Visibility;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Tests.Visibility;

/// <summary>
/// Five runs that every matching test filters, so each table row states its expected result as run numbers:
/// <code>
/// #  status      type             queue     start (2024)  closed after  history  attributes
/// 1  Running     OrderWorkflow    orders    01-01 10:00   —             10       KW alpha, Text "The quick brown fox", Int 5, Double 1.5, Bool true, DT 06-01, ChangeVersion [v1 v2]
/// 2  Completed   OrderWorkflow    orders    01-02 00:00   30 s          20       KW alphabet, Text "Lazy dog, jumps!", Int 10, Double 2.5, Bool false, DT 07-01 12:00:00.5, BuildIds [b1], ChangeVersion [v2]; child of 1
/// 3  Failed      PaymentWorkflow  payments  01-03 00:00   2 h           30       KW beta, Int -3, ChangeVersion []; ParentWorkflowId ""
/// 4  Terminated  PaymentWorkflow  payments  01-04 00:00   1 s           40       KW it's "q"
/// 5  Running     RefundWorkflow   refunds   01-05 00:00   —             2        CustomerId c-5 (registered custom); execution time 00:05
/// </code>
/// </summary>
internal static class VisibilityTestData
{
    public static IReadOnlyList<TestRow> Rows { get; } =
    [
        new()
        {
            WorkflowId = "wf-1",
            RunId = "run-1",
            WorkflowType = "OrderWorkflow",
            TaskQueue = "orders",
            Status = WorkflowExecutionStatus.Running,
            StartTime = At("2024-01-01T10:00:00Z"),
            ExecutionTime = At("2024-01-01T10:00:00Z"),
            HistoryLength = 10,
            HistorySizeBytes = 1000,
            SearchAttributes = new Dictionary<string, Payload>
            {
                ["CustomKeywordField"] = Sa("alpha", IndexedValueType.Keyword),
                ["CustomTextField"] = Sa("The quick brown fox", IndexedValueType.Text),
                ["CustomIntField"] = Sa(5L, IndexedValueType.Int),
                ["CustomDoubleField"] = Sa(1.5, IndexedValueType.Double),
                ["CustomBoolField"] = Sa(true, IndexedValueType.Bool),
                ["CustomDatetimeField"] = Sa(At("2024-06-01T00:00:00Z"), IndexedValueType.Datetime),
                ["TemporalChangeVersion"] = Sa(new[] { "v1", "v2" }, IndexedValueType.KeywordList),
            },
        },
        new()
        {
            WorkflowId = "wf-2",
            RunId = "run-2",
            WorkflowType = "OrderWorkflow",
            TaskQueue = "orders",
            Status = WorkflowExecutionStatus.Completed,
            StartTime = At("2024-01-02T00:00:00Z"),
            ExecutionTime = At("2024-01-02T00:00:00Z"),
            CloseTime = At("2024-01-02T00:00:30Z"),
            HistoryLength = 20,
            HistorySizeBytes = 2000,
            ParentWorkflowId = "wf-1",
            ParentRunId = "run-1",
            RootWorkflowId = "wf-1",
            RootRunId = "run-1",
            SearchAttributes = new Dictionary<string, Payload>
            {
                ["CustomKeywordField"] = Sa("alphabet", IndexedValueType.Keyword),
                ["CustomTextField"] = Sa("Lazy dog, jumps!", IndexedValueType.Text),
                ["CustomIntField"] = Sa(10L, IndexedValueType.Int),
                ["CustomDoubleField"] = Sa(2.5, IndexedValueType.Double),
                ["CustomBoolField"] = Sa(false, IndexedValueType.Bool),
                ["CustomDatetimeField"] = Sa(At("2024-07-01T12:00:00.5Z"), IndexedValueType.Datetime),
                ["BuildIds"] = Sa(new[] { "b1" }, IndexedValueType.KeywordList),
                ["TemporalChangeVersion"] = Sa(new[] { "v2" }, IndexedValueType.KeywordList),
            },
        },
        new()
        {
            WorkflowId = "wf-3",
            RunId = "run-3",
            WorkflowType = "PaymentWorkflow",
            TaskQueue = "payments",
            Status = WorkflowExecutionStatus.Failed,
            StartTime = At("2024-01-03T00:00:00Z"),
            ExecutionTime = At("2024-01-03T00:00:00Z"),
            CloseTime = At("2024-01-03T02:00:00Z"),
            HistoryLength = 30,
            HistorySizeBytes = 3000,
            ParentWorkflowId = string.Empty,
            SearchAttributes = new Dictionary<string, Payload>
            {
                ["CustomKeywordField"] = Sa("beta", IndexedValueType.Keyword),
                ["CustomIntField"] = Sa(-3L, IndexedValueType.Int),
                ["TemporalChangeVersion"] = Sa(Array.Empty<string>(), IndexedValueType.KeywordList),
            },
        },
        new()
        {
            WorkflowId = "wf-4",
            RunId = "run-4",
            WorkflowType = "PaymentWorkflow",
            TaskQueue = "payments",
            Status = WorkflowExecutionStatus.Terminated,
            StartTime = At("2024-01-04T00:00:00Z"),
            ExecutionTime = At("2024-01-04T00:00:00Z"),
            CloseTime = At("2024-01-04T00:00:01Z"),
            HistoryLength = 40,
            HistorySizeBytes = 4000,
            SearchAttributes = new Dictionary<string, Payload>
            {
                ["CustomKeywordField"] = Sa("it's \"q\"", IndexedValueType.Keyword),
            },
        },
        new()
        {
            WorkflowId = "wf-5",
            RunId = "run-5",
            WorkflowType = "RefundWorkflow",
            TaskQueue = "refunds",
            Status = WorkflowExecutionStatus.Running,
            StartTime = At("2024-01-05T00:00:00Z"),
            ExecutionTime = At("2024-01-05T00:05:00Z"),
            HistoryLength = 2,
            HistorySizeBytes = 200,
            SearchAttributes = new Dictionary<string, Payload>
            {
                ["CustomerId"] = Sa("c-5", IndexedValueType.Keyword),
            },
        },
    ];

    /// <summary>The dev-server defaults plus one custom attribute, CustomerId (Keyword).</summary>
    public static SearchAttributeRegistry Registry()
    {
        var registry = new SearchAttributeRegistry();
        registry.Register("CustomerId", IndexedValueType.Keyword);
        return registry;
    }

    /// <summary>The run numbers a query matches, ascending and comma-separated ("" for none).</summary>
    public static string Matching(string? query)
    {
        var parsed = VisibilityQuery.Parse(query, Registry());
        return string.Join(",", Rows.Where(parsed.Matches).Select(r => r.WorkflowId["wf-".Length..]).Order(StringComparer.Ordinal));
    }

    /// <summary>All five runs in the query's order, as run numbers.</summary>
    public static string Ordered(string query)
    {
        var parsed = VisibilityQuery.Parse(query, Registry());
        return string.Join(",", Rows.Where(parsed.Matches).Order(parsed.Order).Select(r => r.WorkflowId["wf-".Length..]));
    }

    public static DateTimeOffset At(string rfc3339) => DateTimeOffset.Parse(rfc3339, CultureInfo.InvariantCulture);

    public static Payload Sa(object value, IndexedValueType type) => SearchAttributePayload.Encode(value, type);
}
