using System.Globalization;
using System.Text;
using Temporalio.Api.Common.V1;

namespace ContentFlows.Temporal.Worker.Workflows;

/// <content>Queries: read-only handlers run against the current state; they never issue commands.</content>
internal sealed partial class WorkflowInstance
{
    /// <summary>The built-in query that describes what the workflow waits on.</summary>
    public const string StackTraceQuery = "__stack_trace";

    /// <summary>Answers a query: the result payload, or an error message.</summary>
    /// <param name="queryType">The query name.</param>
    /// <param name="args">The arguments.</param>
    /// <returns>The answer or the error.</returns>
    public (Payload? Answer, string? Error) Query(string queryType, Payloads? args)
    {
        if (queryType == StackTraceQuery)
        {
            return (Converter.PayloadConverter.ToPayload(DescribeWaits()), null);
        }

        if (workflow is null)
        {
            return (null, $"Workflow {options.Definition.Name} has not started; query \"{queryType}\" cannot run yet.");
        }

        if (!options.Definition.Queries.TryGetValue(queryType, out var handler))
        {
            var known = string.Join(", ", options.Definition.Queries.Keys.Order(StringComparer.Ordinal));
            return (null, $"Workflow {options.Definition.Name} has no handler for query \"{queryType}\". Known queries: [{known}].");
        }

        var target = workflow;
        var task = RunReadOnlyAsync(() =>
        {
            var parameters = handler.Member is System.Reflection.MethodInfo method ? method.GetParameters() : [];
            return Converter.PayloadConverter.ToPayload(handler.Invoke(target, DecodeArguments(args, parameters)));
        });
        if (task.IsCompletedSuccessfully)
        {
            return (task.Result, null);
        }

        var error = task.Exception?.InnerException is { } e ? Unwrap(e) : null;
        return (null, error?.Message ?? $"Query \"{queryType}\" did not complete synchronously.");
    }

    private string DescribeWaits()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Workflow {options.Definition.Name} ({options.WorkflowId}) waits on:");
        foreach (var activity in activitiesByScheduledEventId.Values)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  activity {activity.ActivityType} (id {activity.ActivityId})");
        }

        foreach (var timer in timers.Keys)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  timer {timer}");
        }

        foreach (var child in childrenByInitiatedEventId.Values)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  child workflow {child.WorkflowType} (id {child.WorkflowId})");
        }

        if (conditions.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {conditions.Count} wait condition(s)");
        }

        return text.ToString();
    }
}
