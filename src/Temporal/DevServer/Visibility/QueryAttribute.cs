using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>A resolved attribute: its type for checking, its value kind for comparing, and how to read it from a row.</summary>
internal sealed class QueryAttribute
{
    private const long NanosPerTick = 100;

    private QueryAttribute(string name, IndexedValueType type, QueryValueKind kind, Func<IVisibilityRow, IReadOnlyList<object>> read)
    {
        this.Name = name;
        this.Type = type;
        this.Kind = kind;
        this.Read = read;
    }

    public string Name { get; }

    public IndexedValueType Type { get; }

    public QueryValueKind Kind { get; }

    /// <summary>The row's values (several only for lists); empty means missing.</summary>
    public Func<IVisibilityRow, IReadOnlyList<object>> Read { get; }

    /// <exception cref="VisibilityQueryException">The name is not registered.</exception>
    public static QueryAttribute Resolve(string name, int position, SearchAttributeRegistry registry)
    {
        if (!registry.TryGetType(name, out var type))
        {
            var suggestion = registry.FindCaseInsensitive(name);
            var hint = suggestion is null ? string.Empty : $" (names are case-sensitive: did you mean \"{suggestion}\"?)";
            throw VisibilityQueryException.At(position, $"unknown search attribute \"{name}\"{hint}");
        }

        var kind = name switch
        {
            "ExecutionStatus" => QueryValueKind.Status,
            "ExecutionDuration" => QueryValueKind.Duration,
            _ => type switch
            {
                IndexedValueType.Keyword => QueryValueKind.Keyword,
                IndexedValueType.KeywordList => QueryValueKind.KeywordList,
                IndexedValueType.Text => QueryValueKind.Text,
                IndexedValueType.Int => QueryValueKind.Int,
                IndexedValueType.Double => QueryValueKind.Double,
                IndexedValueType.Bool => QueryValueKind.Bool,
                IndexedValueType.Datetime => QueryValueKind.Datetime,
                _ => throw VisibilityQueryException.At(position, $"search attribute \"{name}\" has unsupported type {type}"),
            },
        };
        return new QueryAttribute(name, type, kind, SystemReader(name) ?? (row => ReadCustom(row, name, kind)));
    }

    /// <summary>The canonical name of a status, as literals and group values spell it.</summary>
    public static string StatusName(WorkflowExecutionStatus status) => Enum.GetName(status) ?? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Func<IVisibilityRow, IReadOnlyList<object>>? SystemReader(string name) => name switch
    {
        "WorkflowId" => row => One(row.WorkflowId),
        "RunId" => row => One(row.RunId),
        "WorkflowType" => row => One(row.WorkflowType),
        "TaskQueue" => row => One(row.TaskQueue),
        "ExecutionStatus" => row => [StatusName(row.Status)],
        "StartTime" => row => [row.StartTime.UtcTicks],
        "ExecutionTime" => row => [row.ExecutionTime.UtcTicks],
        "CloseTime" => row => row.CloseTime is { } close ? [close.UtcTicks] : [],
        "ExecutionDuration" => row => row.CloseTime is { } close ? [(close - row.ExecutionTime).Ticks * NanosPerTick] : [],
        "HistoryLength" => row => [row.HistoryLength],
        "HistorySizeBytes" => row => [row.HistorySizeBytes],
        "ParentWorkflowId" => row => One(row.ParentWorkflowId),
        "ParentRunId" => row => One(row.ParentRunId),
        "RootWorkflowId" => row => One(row.RootWorkflowId),
        "RootRunId" => row => One(row.RootRunId),

        // StateTransitionCount and the predefined attributes have no column; they live in SearchAttributes if anywhere.
        _ => null,
    };

    // Proto strings default to "", which means "no parent", so empty counts as missing.
    private static IReadOnlyList<object> One(string? value) => string.IsNullOrEmpty(value) ? [] : [value];

    private static IReadOnlyList<object> ReadCustom(IVisibilityRow row, string name, QueryValueKind kind) =>
        row.SearchAttributes.TryGetValue(name, out var payload) && payload is not null
            ? SearchAttributePayload.Decode(payload, kind)
            : [];
}
