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
    };

    // Temporal's predefined attributes: not columns, kept in a run's search attributes; users may set only
    // the whitelisted ones (sadefs.predefinedWhiteList), the rest are the server's own.
    private static readonly Dictionary<string, IndexedValueType> PredefinedTypes = new(StringComparer.Ordinal)
    {
        ["TemporalChangeVersion"] = IndexedValueType.KeywordList,
        ["BinaryChecksums"] = IndexedValueType.KeywordList,
        ["BuildIds"] = IndexedValueType.KeywordList,
        ["BatcherNamespace"] = IndexedValueType.Keyword,
        ["BatcherUser"] = IndexedValueType.Keyword,
        ["TemporalScheduledStartTime"] = IndexedValueType.Datetime,
        ["TemporalScheduledById"] = IndexedValueType.Keyword,
        ["TemporalSchedulePaused"] = IndexedValueType.Bool,
        ["TemporalNamespaceDivision"] = IndexedValueType.Keyword,
        ["TemporalPauseInfo"] = IndexedValueType.KeywordList,
        ["TemporalReportedProblems"] = IndexedValueType.KeywordList,
        ["TemporalWorkerDeploymentVersion"] = IndexedValueType.Keyword,
        ["TemporalWorkflowVersioningBehavior"] = IndexedValueType.Keyword,
        ["TemporalWorkerDeployment"] = IndexedValueType.Keyword,
        ["TemporalUsedWorkerDeploymentVersions"] = IndexedValueType.KeywordList,
    };

    private static readonly HashSet<string> SettablePredefined = new(StringComparer.Ordinal)
    {
        "TemporalChangeVersion", "BinaryChecksums", "BuildIds", "BatcherNamespace", "BatcherUser", "TemporalScheduledStartTime",
        "TemporalScheduledById", "TemporalSchedulePaused", "TemporalNamespaceDivision", "TemporalPauseInfo", "TemporalReportedProblems",
    };

    // Field names of the visibility store, never usable as attribute names (sadefs.reserved).
    private static readonly HashSet<string> ReservedFields = new(StringComparer.Ordinal) { "NamespaceId", "MemoEncoding", "Memo", "VisibilityTaskKey" };

    private static readonly Dictionary<string, IndexedValueType> SystemAndPredefined =
        SystemTypes.Concat(PredefinedTypes).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    // Server-wide custom attributes (the presets and --search-attribute), shared by every namespace's view.
    private readonly ConcurrentDictionary<string, IndexedValueType> custom;

    // A namespace's own attributes: alias -> type of the preallocated field it maps to.
    private readonly Dictionary<string, IndexedValueType> aliases;

    public SearchAttributeRegistry()
    {
        this.custom = new(StringComparer.Ordinal);
        this.aliases = new(StringComparer.Ordinal);
        this.custom["CustomKeywordField"] = IndexedValueType.Keyword;
        this.custom["CustomStringField"] = IndexedValueType.Text;
        this.custom["CustomTextField"] = IndexedValueType.Text;
        this.custom["CustomIntField"] = IndexedValueType.Int;
        this.custom["CustomDoubleField"] = IndexedValueType.Double;
        this.custom["CustomBoolField"] = IndexedValueType.Bool;
        this.custom["CustomDatetimeField"] = IndexedValueType.Datetime;
    }

    private SearchAttributeRegistry(ConcurrentDictionary<string, IndexedValueType> custom, Dictionary<string, IndexedValueType> aliases)
    {
        this.custom = custom;
        this.aliases = aliases;
    }

    /// <summary>System and predefined attributes, as OperatorService.ListSearchAttributes reports them.</summary>
    public static IReadOnlyDictionary<string, IndexedValueType> SystemAttributes => SystemAndPredefined;

    /// <summary>A snapshot of the custom attributes: the server-wide ones and, in a namespace's view, its aliases.</summary>
    public IReadOnlyDictionary<string, IndexedValueType> CustomAttributes
    {
        get
        {
            var all = new Dictionary<string, IndexedValueType>(this.custom, StringComparer.Ordinal);
            foreach (var (alias, type) in this.aliases)
            {
                all[alias] = type;
            }

            return all;
        }
    }

    /// <summary>Whether the name is a system attribute (a column of every run, never set by users).</summary>
    public static bool IsSystem(string name) => SystemTypes.ContainsKey(name);

    /// <summary>Whether the name is one of Temporal's predefined attributes.</summary>
    public static bool IsPredefined(string name) => PredefinedTypes.ContainsKey(name);

    /// <summary>Whether users may set a predefined attribute (Temporal's whitelist).</summary>
    public static bool IsSettablePredefined(string name) => SettablePredefined.Contains(name);

    /// <summary>Whether a custom attribute may not take this name (Temporal's sadefs.IsReserved).</summary>
    public static bool IsReserved(string name) =>
        SystemAndPredefined.ContainsKey(name) || ReservedFields.Contains(name) || name.StartsWith("Temporal", StringComparison.Ordinal);

    /// <summary>
    /// The view of one namespace: the server-wide attributes plus the namespace's aliases, given as Temporal's
    /// <c>custom_search_attribute_aliases</c> map (preallocated field name -> alias; empty aliases are ignored).
    /// </summary>
    public SearchAttributeRegistry ForNamespace(IEnumerable<KeyValuePair<string, string>> fieldToAlias)
    {
        var namespaceAliases = new Dictionary<string, IndexedValueType>(StringComparer.Ordinal);
        foreach (var (field, alias) in fieldToAlias)
        {
            if (alias.Length > 0 && CustomSearchAttributeFields.TryGetType(field, out var type))
            {
                namespaceAliases[alias] = type;
            }
        }

        return new SearchAttributeRegistry(this.custom, namespaceAliases);
    }

    /// <summary>Whether the name is a namespace alias in this view.</summary>
    public bool IsAlias(string name) => this.aliases.ContainsKey(name);

    /// <summary>Whether the name is a server-wide custom attribute (set up at start, not removable through the API).</summary>
    public bool IsServerCustom(string name) => this.custom.ContainsKey(name);

    /// <summary>Adds a custom attribute; registering an existing one again with the same type is a no-op.</summary>
    /// <exception cref="ArgumentException">The name is empty or reserved, the type is unspecified or unknown, or the name already has another type.</exception>
    public void Register(string name, IndexedValueType type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (type == IndexedValueType.Unspecified || !Enum.IsDefined(type))
        {
            throw new ArgumentException($"search attribute \"{name}\" needs a type, got {type}", nameof(type));
        }

        if (SystemAndPredefined.ContainsKey(name))
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
        SystemAndPredefined.TryGetValue(name, out type) || this.aliases.TryGetValue(name, out type) || this.custom.TryGetValue(name, out type);

    /// <summary>A registered name that differs only in case, to suggest in an "unknown attribute" error.</summary>
    internal string? FindCaseInsensitive(string name) =>
        SystemAndPredefined.Keys.Concat(this.aliases.Keys).Concat(this.custom.Keys).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
}
