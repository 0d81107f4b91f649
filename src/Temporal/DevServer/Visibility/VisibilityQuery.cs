using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>
/// A parsed, type-checked visibility query (the <c>query</c> of ListWorkflowExecutions and
/// CountWorkflowExecutions): a filter, an order for listing, and an optional GROUP BY for counting.
/// </summary>
internal sealed class VisibilityQuery
{
    private readonly Func<IVisibilityRow, bool?>? filter;

    internal VisibilityQuery(string text, Func<IVisibilityRow, bool?>? filter, VisibilityRowComparer order, string? groupBy)
    {
        this.Text = text;
        this.filter = filter;
        this.Order = order;
        this.GroupBy = groupBy;
    }

    /// <summary>The query as given (empty for "all runs").</summary>
    public string Text { get; }

    /// <summary>ORDER BY columns if any, then Temporal's default order (open first, close time desc, start time desc, run id asc).</summary>
    public IComparer<IVisibilityRow> Order { get; }

    /// <summary>True when the query has an ORDER BY clause.</summary>
    public bool HasOrderBy => ((VisibilityRowComparer)this.Order).Terms.Count > 0;

    /// <summary>"ExecutionStatus" when the query groups (valid for CountWorkflowExecutions only), else null.</summary>
    public string? GroupBy { get; }

    /// <summary>Parses and type-checks <paramref name="query"/>; null, empty or whitespace matches every run.</summary>
    /// <exception cref="VisibilityQueryException">The query is malformed or does not fit the attributes' types.</exception>
    public static VisibilityQuery Parse(string? query, SearchAttributeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return string.IsNullOrWhiteSpace(query)
            ? new VisibilityQuery(string.Empty, null, VisibilityRowComparer.Default, null)
            : QueryParser.Parse(query, registry);
    }

    public bool Matches(IVisibilityRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return this.filter is null || this.filter(row) == true;
    }

    /// <summary>The group a row counts toward, encoded as Temporal's <c>group_values</c> entry: the status name as a Keyword payload.</summary>
    /// <exception cref="InvalidOperationException">The query has no GROUP BY.</exception>
    public Payload GetGroupValue(IVisibilityRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (this.GroupBy is null)
        {
            throw new InvalidOperationException("the query has no GROUP BY clause");
        }

        return SearchAttributePayload.Encode(QueryAttribute.StatusName(row.Status), IndexedValueType.Keyword);
    }
}
