using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.DevServer.Visibility;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Filter.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Rpc;

/// <summary>
/// ListOpen/ListClosedWorkflowExecutions as Temporal's frontend serves them: their filters become a
/// visibility query (open runs filter StartTime, closed runs CloseTime; one of the execution, type or status
/// filters), with Temporal's errors for contradictory input.
/// </summary>
internal static class LegacyListQuery
{
    public static string Open(ListOpenWorkflowExecutionsRequest request)
    {
        var terms = new List<string> { "ExecutionStatus = 'Running'" };
        AddTimeRange(terms, "StartTime", request.StartTimeFilter);
        AddCommonFilter(terms, request.ExecutionFilter, request.TypeFilter);
        return string.Join(" AND ", terms);
    }

    public static string Closed(ListClosedWorkflowExecutionsRequest request)
    {
        var terms = new List<string> { "ExecutionStatus != 'Running'" };
        AddTimeRange(terms, "CloseTime", request.StartTimeFilter);
        if (request.FiltersCase == ListClosedWorkflowExecutionsRequest.FiltersOneofCase.StatusFilter)
        {
            var status = request.StatusFilter.Status;
            if (status is WorkflowExecutionStatus.Unspecified or WorkflowExecutionStatus.Running)
            {
                throw new GrpcException(GrpcStatusCode.InvalidArgument, "StatusFilter must be specified and must be not Running.");
            }

            terms.Add($"ExecutionStatus = '{QueryAttribute.StatusName(status)}'");
        }
        else
        {
            AddCommonFilter(terms, request.ExecutionFilter, request.TypeFilter);
        }

        return string.Join(" AND ", terms);
    }

    private static void AddTimeRange(List<string> terms, string attribute, StartTimeFilter? filter)
    {
        var earliest = filter?.EarliestTime is { } e && e.ToDateTimeOffset() != DateTimeOffset.UnixEpoch ? e.ToDateTimeOffset() : (DateTimeOffset?)null;
        var latest = filter?.LatestTime is { } l && l.ToDateTimeOffset() != DateTimeOffset.UnixEpoch ? l.ToDateTimeOffset() : (DateTimeOffset?)null;
        if (earliest is not null && latest is not null && earliest > latest)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "EarliestTime in StartTimeFilter should not be larger than LatestTime.");
        }

        if (earliest is { } from)
        {
            terms.Add($"{attribute} >= '{SearchAttributePayload.FormatRfc3339(from)}'");
        }

        if (latest is { } to)
        {
            terms.Add($"{attribute} <= '{SearchAttributePayload.FormatRfc3339(to)}'");
        }
    }

    private static void AddCommonFilter(List<string> terms, WorkflowExecutionFilter? execution, WorkflowTypeFilter? type)
    {
        if (execution is not null)
        {
            terms.Add($"WorkflowId = '{Escape(execution.WorkflowId)}'");
        }
        else if (type is not null)
        {
            terms.Add($"WorkflowType = '{Escape(type.Name)}'");
        }
    }

    // The lexer reads a doubled quote as one; Temporal pastes the value unescaped (a quote in an id breaks its query).
    private static string Escape(string value) => value.Replace("'", "''", StringComparison.Ordinal);
}
