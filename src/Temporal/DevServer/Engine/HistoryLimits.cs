namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// Temporal's per-run history limits, with its defaults and its dynamic config keys: past the suggest values a
/// workflow task tells the worker to continue-as-new, past warn the server logs, past error it terminates the run,
/// so a runaway workflow cannot grow its history (and the store) without bound.
/// </summary>
internal sealed class HistoryLimits
{
    public const string CountSuggestContinueAsNewKey = "limit.historyCount.suggestContinueAsNew";
    public const string SizeSuggestContinueAsNewKey = "limit.historySize.suggestContinueAsNew";
    public const string CountWarnKey = "limit.historyCount.warn";
    public const string SizeWarnKey = "limit.historySize.warn";
    public const string CountErrorKey = "limit.historyCount.error";
    public const string SizeErrorKey = "limit.historySize.error";

    /// <summary>Temporal's reason when it terminates a run over the count limit.</summary>
    public const string CountExceededReason = "Workflow history count exceeds limit.";

    /// <summary>Temporal's reason when it terminates a run over the size limit.</summary>
    public const string SizeExceededReason = "Workflow history size exceeds limit.";

    public static IReadOnlyList<string> Keys { get; } = [CountSuggestContinueAsNewKey, SizeSuggestContinueAsNewKey, CountWarnKey, SizeWarnKey, CountErrorKey, SizeErrorKey];

    /// <summary>Gets or sets the event count from which workflow tasks suggest continue-as-new (Temporal: 4 Ki).</summary>
    public long CountSuggestContinueAsNew { get; set; } = 4 * 1024;

    /// <summary>Gets or sets the history size in bytes from which workflow tasks suggest continue-as-new (Temporal: 4 MiB).</summary>
    public long SizeSuggestContinueAsNew { get; set; } = 4 * 1024 * 1024;

    /// <summary>Gets or sets the event count past which the server logs a warning (Temporal: 10 Ki).</summary>
    public long CountWarn { get; set; } = 10 * 1024;

    /// <summary>Gets or sets the history size past which the server logs a warning (Temporal: 10 MiB).</summary>
    public long SizeWarn { get; set; } = 10 * 1024 * 1024;

    /// <summary>Gets or sets the event count past which the run is terminated (Temporal: 50 Ki).</summary>
    public long CountError { get; set; } = 50 * 1024;

    /// <summary>Gets or sets the history size past which the run is terminated (Temporal: 50 MiB).</summary>
    public long SizeError { get; set; } = 50 * 1024 * 1024;

    /// <summary>Sets the limit named by a Temporal dynamic config key; false when the key is not a history limit.</summary>
    public bool TrySet(string key, long value)
    {
        switch (key)
        {
            case CountSuggestContinueAsNewKey: CountSuggestContinueAsNew = value; return true;
            case SizeSuggestContinueAsNewKey: SizeSuggestContinueAsNew = value; return true;
            case CountWarnKey: CountWarn = value; return true;
            case SizeWarnKey: SizeWarn = value; return true;
            case CountErrorKey: CountError = value; return true;
            case SizeErrorKey: SizeError = value; return true;
            default: return false;
        }
    }
}
