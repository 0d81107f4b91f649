namespace ContentFlows.Workflows.Batches;

/// <summary>How a batch runs. Every property has a default; <see cref="Validate"/> names the first bad one.</summary>
public sealed record BatchOptions
{
    /// <summary>Gets the most child pipelines generating at once; children waiting for a reviewer do not count. Default 20.</summary>
    public int MaxInFlight { get; init; } = 20;

    /// <summary>Gets how many units one prepare activity handles (the page size). Default 100.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Gets how many outcomes are buffered before one record activity stores them. Default 50.</summary>
    public int ResultFlushSize { get; init; } = 50;

    /// <summary>
    /// Gets the most history events one run may reach before it continues as new. Default 9,000, under Temporal's
    /// 10,000 with room for workflow task retries the workflow cannot count.
    /// </summary>
    public int HistoryEventBudget { get; init; } = 9_000;

    /// <summary>
    /// Gets how long a batch whose other units are all done stays open for retry-failed when some failed, in seconds.
    /// Default 0: it completes at once and reports the failures.
    /// </summary>
    public int RetryWindowSeconds { get; init; }

    /// <summary>Gets the task queue of the child pipelines. Default null: the batch's own.</summary>
    public string? ChildTaskQueue { get; init; }

    /// <summary>Throws naming the first bad property and its value.</summary>
    /// <exception cref="ArgumentException">A property is out of range.</exception>
    public void Validate()
    {
        if (MaxInFlight is < 1 or > 2_000)
        {
            throw new ArgumentException($"BatchOptions.MaxInFlight must be 1 to 2000 (was {MaxInFlight}).", nameof(MaxInFlight));
        }

        if (PageSize is < 1 or > 1_000)
        {
            throw new ArgumentException($"BatchOptions.PageSize must be 1 to 1000 (was {PageSize}).", nameof(PageSize));
        }

        if (ResultFlushSize is < 1 or > 1_000)
        {
            throw new ArgumentException($"BatchOptions.ResultFlushSize must be 1 to 1000 (was {ResultFlushSize}).", nameof(ResultFlushSize));
        }

        // A run must afford at least one child beyond its fixed costs, or it would continue as new forever.
        if (HistoryEventBudget is < 200 or > 10_000)
        {
            throw new ArgumentException($"BatchOptions.HistoryEventBudget must be 200 to 10000 (was {HistoryEventBudget}).", nameof(HistoryEventBudget));
        }

        if (RetryWindowSeconds < 0)
        {
            throw new ArgumentException($"BatchOptions.RetryWindowSeconds must not be negative (was {RetryWindowSeconds}).", nameof(RetryWindowSeconds));
        }
    }
}
