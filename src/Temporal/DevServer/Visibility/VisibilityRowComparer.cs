namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>
/// Orders rows by ORDER BY columns (missing values last, either direction, as Elasticsearch does), then
/// by Temporal's default list order: open runs first (close time as +∞), close time desc, start time
/// desc, run id asc — so pages are stable whatever the columns.
/// </summary>
internal sealed class VisibilityRowComparer : IComparer<IVisibilityRow>
{
    private readonly IReadOnlyList<OrderTerm> terms;

    public VisibilityRowComparer(IReadOnlyList<OrderTerm> terms)
    {
        this.terms = terms;
    }

    public static VisibilityRowComparer Default { get; } = new([]);

    public IReadOnlyList<OrderTerm> Terms => this.terms;

    public int Compare(IVisibilityRow? x, IVisibilityRow? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        foreach (var term in this.terms)
        {
            var left = term.Attribute.Read(x);
            var right = term.Attribute.Read(y);
            if (left.Count == 0 || right.Count == 0)
            {
                if (left.Count != right.Count)
                {
                    return left.Count == 0 ? 1 : -1;
                }

                continue;
            }

            var order = ScalarComparer.Compare(left[0], right[0]);
            if (order != 0)
            {
                return term.Descending ? -order : order;
            }
        }

        return CompareDefault(x, y);
    }

    private static int CompareDefault(IVisibilityRow x, IVisibilityRow y)
    {
        if (x.CloseTime is null != y.CloseTime is null)
        {
            return x.CloseTime is null ? -1 : 1;
        }

        if (x.CloseTime is { } xClose && y.CloseTime is { } yClose)
        {
            var byClose = yClose.CompareTo(xClose);
            if (byClose != 0)
            {
                return byClose;
            }
        }

        var byStart = y.StartTime.CompareTo(x.StartTime);
        return byStart != 0 ? byStart : string.CompareOrdinal(x.RunId, y.RunId);
    }
}
