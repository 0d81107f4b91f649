using ContentFlows.Temporal.Common;

namespace ContentFlows.Temporal.Workflows;

/// <summary>How the next run of a workflow that continues as new differs from this one. Every property is optional.</summary>
public sealed class ContinueAsNewOptions
{
    /// <summary>Gets or sets the task queue of the next run. Default null: this run's.</summary>
    public string? TaskQueue { get; set; }

    /// <summary>Gets or sets the run timeout of the next run. Default null: this run's.</summary>
    public TimeSpan? RunTimeout { get; set; }

    /// <summary>Gets or sets the workflow task timeout of the next run. Default null: this run's.</summary>
    public TimeSpan? TaskTimeout { get; set; }

    /// <summary>Gets or sets the retry policy of the next run. Default null: none.</summary>
    public RetryPolicy? RetryPolicy { get; set; }

    /// <summary>Gets or sets the memo of the next run, converted with the data converter. Default none.</summary>
    public IReadOnlyDictionary<string, object?>? Memo { get; set; }
}
