using System.Collections.Concurrent;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>
/// The search attributes a namespace knows and their types: system ones (columns of every run),
/// predefined ones Temporal always accepts, and custom ones (the dev server pre-registers the usual
/// Custom*Field set, as <c>temporal server start-dev</c> does).
/// </summary>
internal sealed class SearchAttributeRegistry
{
    private static readonly Dictionary<string, IndexedValueType> SystemTypes = new(StringComparer.Ordinal)
    {
        ["WorkflowId"] = IndexedValueType.Keyword,
        ["RunId"] = IndexedValueType.Keyword,
        ["WorkflowType"] = IndexedValueType.Keyword,
        ["StartTime"] = IndexedValueType.Datetime,
        ["ExecutionTime"] = IndexedValueType.Datetime,
        ["CloseTime"] = IndexedValueType.Datetime,
        ["ExecutionStatus"] = IndexedValueType.Keyword,
        ["TaskQueue"] = IndexedValueType.Keyword,
        ["HistoryLength"] = IndexedValueType.Int,
        ["HistorySizeBytes"] = IndexedValueType.Int,
        ["ExecutionDuration"] = IndexedValueType.Int,
        ["StateTransitionCount"] = IndexedValueType.Int,
        ["ParentWorkflowId"] = IndexedValueType.Keyword,
        ["ParentRunId"] = IndexedValueType.Keyword,
        ["RootWorkflowId"] = IndexedValueType.Keyword,
        ["RootRunId"] = IndexedValueType.Keyword,

        // Predefined: not columns, but always valid in queries and upserts.
        ["TemporalChangeVersion"] = IndexedValueType.KeywordList,
        ["BinaryChecksums"] = IndexedValueType.KeywordList,
        ["BuildIds"] = IndexedValueType.KeywordList,
        ["BatcherUser"] = IndexedValueType.Keyword,
        ["TemporalNamespaceDivision"] = IndexedValueType.Keyword,
        ["TemporalScheduledById"] = IndexedValueType.Keyword,
        ["TemporalScheduledStartTime"] = IndexedValueType.Datetime,
        ["TemporalSchedulePaused"] = IndexedValueType.Bool,
    };

    private readonly ConcurrentDictionary<string, IndexedValueType> custom = new(StringComparer.Ordinal);

    public SearchAttributeRegistry()
    {
        this.custom["CustomKeywordField"] = IndexedValueType.Keyword;
        this.custom["CustomStringField"] = IndexedValueType.Text;
        this.custom["CustomTextField"] = IndexedValueType.Text;
        this.custom["CustomIntField"] = IndexedValueType.Int;
        this.custom["CustomDoubleField"] = IndexedValueType.Double;
        this.custom["CustomBoolField"] = IndexedValueType.Bool;
        this.custom["CustomDatetimeField"] = IndexedValueType.Datetime;
    }

    /// <summary>System and predefined attributes, as OperatorService.ListSearchAttributes reports them.</summary>
    public static IReadOnlyDictionary<string, IndexedValueType> SystemAttributes => SystemTypes;

    /// <summary>A snapshot of the custom attributes.</summary>
    public IReadOnlyDictionary<string, IndexedValueType> CustomAttributes =>
        new Dictionary<string, IndexedValueType>(this.custom, StringComparer.Ordinal);

    public static bool IsSystem(string name) => SystemTypes.ContainsKey(name);

    /// <summary>Adds a custom attribute; registering an existing one again with the same type is a no-op.</summary>
    /// <exception cref="ArgumentException">The name is empty or reserved, the type is unspecified or unknown, or the name already has another type.</exception>
    public void Register(string name, IndexedValueType type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (type == IndexedValueType.Unspecified || !Enum.IsDefined(type))
        {
            throw new ArgumentException($"search attribute \"{name}\" needs a type, got {type}", nameof(type));
        }

        if (SystemTypes.ContainsKey(name))
        {
            throw new ArgumentException($"search attribute \"{name}\" is reserved by the system", nameof(name));
        }

        var existing = this.custom.GetOrAdd(name, type);
        if (existing != type)
        {
            throw new ArgumentException($"search attribute \"{name}\" is already registered as {existing}", nameof(name));
        }
    }

    public bool TryGetType(string name, out IndexedValueType type) =>
        SystemTypes.TryGetValue(name, out type) || this.custom.TryGetValue(name, out type);

    /// <summary>A registered name that differs only in case, to suggest in an "unknown attribute" error.</summary>
    internal string? FindCaseInsensitive(string name) =>
        SystemTypes.Keys.Concat(this.custom.Keys).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
}
