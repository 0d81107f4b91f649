using System.Globalization;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>Converts a literal token to the scalar an attribute's values are compared with, or explains why it cannot.</summary>
internal static class QueryLiteral
{
    public static object Convert(QueryToken token, QueryAttribute attribute)
    {
        object? value = attribute.Kind switch
        {
            QueryValueKind.Keyword or QueryValueKind.KeywordList or QueryValueKind.Text =>
                token.Kind == QueryTokenKind.String ? token.Text : null,
            QueryValueKind.Status => ToStatus(token),
            QueryValueKind.Int => token.Kind == QueryTokenKind.Number && TryParseLong(token.Text, out var integer) ? integer : null,
            QueryValueKind.Double => token.Kind == QueryTokenKind.Number
                && double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) ? real : null,
            QueryValueKind.Bool => ToBool(token),
            QueryValueKind.Datetime => ToDatetime(token),
            QueryValueKind.Duration => ToDuration(token),
            _ => null,
        };
        return value ?? throw VisibilityQueryException.At(
            token.Position,
            $"{token.Describe()} is not a valid {Expected(attribute)} for attribute \"{attribute.Name}\"");
    }

    private static string Expected(QueryAttribute attribute) => attribute.Kind switch
    {
        QueryValueKind.Status => "ExecutionStatus (Running, Completed, Failed, Canceled, Terminated, ContinuedAsNew, TimedOut, or its number)",
        QueryValueKind.Datetime => "Datetime (an RFC3339 string or int nanoseconds since the Unix epoch)",
        QueryValueKind.Duration => "duration (a string like \"1h30m\" or \"01:30:00\", or int nanoseconds)",
        QueryValueKind.Bool => "Bool (true or false)",
        QueryValueKind.Int => "Int (a whole number)",
        QueryValueKind.Double => "Double (a number)",
        _ => $"{attribute.Type} (a quoted string)",
    };

    private static bool TryParseLong(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static object? ToStatus(QueryToken token)
    {
        if (token.Kind == QueryTokenKind.Number)
        {
            return TryParseLong(token.Text, out var number) && number is > 0 and <= int.MaxValue && Enum.IsDefined((WorkflowExecutionStatus)number)
                ? QueryAttribute.StatusName((WorkflowExecutionStatus)number)
                : null;
        }

        // Bare words are accepted too (ExecutionStatus = Running): status names cannot be mistaken for anything else.
        if (token.Kind is not (QueryTokenKind.String or QueryTokenKind.Word))
        {
            return null;
        }

        // Accept "Running", "running", and the proto spelling "WORKFLOW_EXECUTION_STATUS_RUNNING".
        var name = token.Text.Replace("WORKFLOW_EXECUTION_STATUS_", string.Empty, StringComparison.OrdinalIgnoreCase)
            .Replace("_", string.Empty, StringComparison.Ordinal);
        return Enum.TryParse<WorkflowExecutionStatus>(name, ignoreCase: true, out var status)
            && status != WorkflowExecutionStatus.Unspecified
            && !name.Any(c => char.IsAsciiDigit(c) || c is '-' or '+' or ',')
                ? QueryAttribute.StatusName(status)
                : null;
    }

    private static object? ToBool(QueryToken token) => token.Kind switch
    {
        QueryTokenKind.Word or QueryTokenKind.String when bool.TryParse(token.Text, out var flag) => flag,
        _ => null,
    };

    private static object? ToDatetime(QueryToken token)
    {
        if (token.Kind == QueryTokenKind.String && QueryValueParsers.TryParseRfc3339(token.Text, out var time))
        {
            return time.UtcTicks;
        }

        return token.Kind == QueryTokenKind.Number && TryParseLong(token.Text, out var nanos) && QueryValueParsers.TryFromUnixNanos(nanos, out var fromNanos)
            ? fromNanos.UtcTicks
            : null;
    }

    private static object? ToDuration(QueryToken token)
    {
        if (token.Kind == QueryTokenKind.String && QueryValueParsers.TryParseDuration(token.Text, out var parsed))
        {
            return parsed;
        }

        return token.Kind == QueryTokenKind.Number && TryParseLong(token.Text, out var nanos) ? nanos : null;
    }
}
