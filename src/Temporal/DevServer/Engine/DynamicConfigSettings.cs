namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// The Temporal dynamic config keys this server honours (<c>--dynamic-config-value KEY=VALUE</c>), with the defaults
/// of a dev server: what Temporal's own feature suite switches per run variant, so both variants behave as on Temporal.
/// </summary>
internal sealed class DynamicConfigSettings
{
    public const string CancelWorkerPollsOnShutdownKey = "frontend.enableCancelWorkerPollsOnShutdown";

    public const string ActivityEagerExecutionKey = "system.enableActivityEagerExecution";

    /// <summary>
    /// Gets or sets whether ShutdownWorker completes the worker's outstanding polls (namespace capability
    /// worker_poll_complete_on_shutdown). Temporal's default is off; on here, so SDK workers stop at once.
    /// </summary>
    public bool CancelWorkerPollsOnShutdown { get; set; } = true;

    /// <summary>Gets or sets whether activities the workflow asks to run eagerly start in the completion's answer (Temporal's default: on).</summary>
    public bool ActivityEagerExecution { get; set; } = true;

    /// <summary>Gets Temporal's history count and size limits (<c>limit.historyCount.*</c>, <c>limit.historySize.*</c>).</summary>
    public HistoryLimits HistoryLimits { get; } = new();

    /// <summary>Reads the honoured keys from key → JSON text; other keys are left to the caller to log.</summary>
    public static DynamicConfigSettings From(IEnumerable<KeyValuePair<string, string>> values)
    {
        var settings = new DynamicConfigSettings();
        foreach (var (key, json) in values)
        {
            if (string.Equals(key, CancelWorkerPollsOnShutdownKey, StringComparison.Ordinal))
            {
                settings.CancelWorkerPollsOnShutdown = ParseBool(key, json);
            }
            else if (string.Equals(key, ActivityEagerExecutionKey, StringComparison.Ordinal))
            {
                settings.ActivityEagerExecution = ParseBool(key, json);
            }
            else if (HistoryLimits.Keys.Contains(key, StringComparer.Ordinal))
            {
                settings.HistoryLimits.TrySet(key, ParseCount(key, json));
            }
        }

        return settings;
    }

    /// <summary>Tells whether this server acts on <paramref name="key"/>.</summary>
    public static bool IsHonoured(string key) =>
        key is CancelWorkerPollsOnShutdownKey or ActivityEagerExecutionKey || HistoryLimits.Keys.Contains(key, StringComparer.Ordinal);

    private static long ParseCount(string key, string json) =>
        long.TryParse(json.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"Dynamic config value {key} must be a positive integer, got '{json}'.", nameof(json));

    private static bool ParseBool(string key, string json) => json.Trim() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new ArgumentException($"Dynamic config value {key} must be true or false, got '{json}'.", nameof(json)),
    };
}
