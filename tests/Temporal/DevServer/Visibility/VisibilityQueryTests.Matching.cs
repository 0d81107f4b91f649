namespace ContentFlows.Temporal.DevServer.Tests.Visibility;

/// <summary>Which of the five runs in <see cref="VisibilityTestData"/> each query matches.</summary>
public sealed partial class VisibilityQueryTests
{
    [Theory]
    [InlineData("WorkflowId = 'wf-1'", "1")]
    [InlineData("WorkflowId != 'wf-1'", "2,3,4,5")]
    [InlineData("WorkflowId <> 'wf-1'", "2,3,4,5")]
    [InlineData("WorkflowId < 'wf-3'", "1,2")]
    [InlineData("WorkflowId <= 'wf-3'", "1,2,3")]
    [InlineData("WorkflowId > 'wf-3'", "4,5")]
    [InlineData("WorkflowId >= 'wf-3'", "3,4,5")]
    [InlineData("WorkflowId IN ('wf-1', 'wf-3', 'nope')", "1,3")]
    [InlineData("WorkflowId NOT IN ('wf-1', 'wf-3')", "2,4,5")]
    [InlineData("WorkflowId BETWEEN 'wf-2' AND 'wf-4'", "2,3,4")]
    [InlineData("WorkflowId NOT BETWEEN 'wf-2' AND 'wf-4'", "1,5")]
    [InlineData("WorkflowType STARTS_WITH 'Pay'", "3,4")]
    [InlineData("WorkflowType NOT STARTS_WITH 'Pay'", "1,2,5")]
    [InlineData("WorkflowId IS NOT NULL", "1,2,3,4,5")]
    [InlineData("RunId = 'run-3'", "3")]
    [InlineData("TaskQueue = 'orders'", "1,2")]
    [InlineData("ParentWorkflowId = 'wf-1'", "2")]
    [InlineData("ParentRunId = 'run-1'", "2")]
    [InlineData("ParentWorkflowId IS NULL", "1,3,4,5")]
    [InlineData("ParentRunId IS NOT NULL", "2")]
    [InlineData("RootWorkflowId = 'wf-1'", "2")]
    [InlineData("RootRunId = 'run-1'", "2")]
    [InlineData("CustomKeywordField = 'alpha'", "1")]
    [InlineData("CustomKeywordField = 'ALPHA'", "")]
    [InlineData("CustomKeywordField != 'alpha'", "2,3,4")]
    [InlineData("CustomKeywordField > 'alpha'", "2,3,4")]
    [InlineData("CustomKeywordField STARTS_WITH 'alpha'", "1,2")]
    [InlineData("CustomKeywordField NOT STARTS_WITH 'alpha'", "3,4")]
    [InlineData("CustomKeywordField IN ('beta', 'gamma')", "3")]
    [InlineData("CustomKeywordField NOT IN ('beta')", "1,2,4")]
    [InlineData("CustomKeywordField IS NULL", "5")]
    [InlineData("CustomKeywordField IS NOT NULL", "1,2,3,4")]
    [InlineData("CustomerId = 'c-5'", "5")]
    public void Matches_KeywordOperators_SelectExpectedRuns(string query, string expected) =>
        Assert.Equal(expected, VisibilityTestData.Matching(query));

    // Temporal's SQL visibility evaluates NOT in SQL's three-valued logic: a condition on a missing attribute
    // is unknown, and NOT unknown is still unknown, so the run (wf-5, no CustomKeywordField) matches neither.
    [Theory]
    [InlineData("NOT WorkflowId = 'wf-1'", "2,3,4,5")]
    [InlineData("NOT (WorkflowId = 'wf-1' OR WorkflowId = 'wf-2')", "3,4,5")]
    [InlineData("NOT (WorkflowId IN ('wf-1', 'wf-2')) AND TaskQueue != 'x'", "3,4,5")]
    [InlineData("NOT NOT WorkflowId = 'wf-3'", "3")]
    [InlineData("NOT (CustomKeywordField = 'alpha')", "2,3,4")]
    [InlineData("NOT (CustomKeywordField = 'alpha') OR CustomKeywordField IS NULL", "2,3,4,5")]
    [InlineData("NOT (CustomKeywordField IS NULL)", "1,2,3,4")]
    [InlineData("NOT (CustomKeywordField = 'alpha' AND WorkflowId = 'wf-5')", "1,2,3,4")]
    [InlineData("NOT (CustomKeywordField = 'nope' OR WorkflowId = 'wf-1')", "2,3,4")]
    [InlineData("(NOT ExecutionStatus = 'Running') AND NOT WorkflowType STARTS_WITH 'Pay'", "2")]
    public void Matches_Not_FollowsSqlThreeValuedLogic(string query, string expected) =>
        Assert.Equal(expected, VisibilityTestData.Matching(query));

    [Theory]
    [InlineData("ExecutionStatus = 'Running'", "1,5")]
    [InlineData("ExecutionStatus = 'running'", "1,5")]
    [InlineData("ExecutionStatus = \"Completed\"", "2")]
    [InlineData("ExecutionStatus = Running", "1,5")]
    [InlineData("ExecutionStatus = 3", "3")]
    [InlineData("ExecutionStatus = 'WORKFLOW_EXECUTION_STATUS_TERMINATED'", "4")]
    [InlineData("ExecutionStatus = 'ContinuedAsNew'", "")]
    [InlineData("ExecutionStatus = 'TimedOut'", "")]
    [InlineData("ExecutionStatus = 'Canceled'", "")]
    [InlineData("ExecutionStatus != 'Running'", "2,3,4")]
    [InlineData("ExecutionStatus IN ('Failed', 'Terminated')", "3,4")]
    [InlineData("ExecutionStatus NOT IN ('Running', 5)", "2,3")]
    [InlineData("ExecutionStatus IS NOT NULL", "1,2,3,4,5")]
    public void Matches_ExecutionStatus_ByNameOrNumber(string query, string expected) =>
        Assert.Equal(expected, VisibilityTestData.Matching(query));

    [Theory]
    [InlineData("TemporalChangeVersion = 'v2'", "1,2")]
    [InlineData("TemporalChangeVersion = 'v1'", "1")]
    [InlineData("TemporalChangeVersion != 'v1'", "2")]
    [InlineData("TemporalChangeVersion IN ('v1', 'v9')", "1")]
    [InlineData("TemporalChangeVersion NOT IN ('v1')", "2")]
    [InlineData("TemporalChangeVersion IS NULL", "3,4,5")]
    [InlineData("TemporalChangeVersion IS NOT NULL", "1,2")]
    [InlineData("BuildIds = 'b1'", "2")]
    [InlineData("BinaryChecksums IS NULL", "1,2,3,4,5")]
    public void Matches_KeywordList_AsMembership(string query, string expected) =>
        Assert.Equal(expected, VisibilityTestData.Matching(query));

    [Theory]
    [InlineData("CustomTextField = 'quick'", "1")]
    [InlineData("CustomTextField = 'QUICK fox'", "1")]
    [InlineData("CustomTextField = 'fox, quick'", "1")]
    [InlineData("CustomTextField = 'qui'", "")]
    [InlineData("CustomTextField = 'dog jumps'", "2")]
    [InlineData("CustomTextField = 'quick dog'", "")]
    [InlineData("CustomTextField != 'quick'", "2")]
    [InlineData("CustomTextField IS NULL", "3,4,5")]
    [InlineData("CustomStringField IS NULL", "1,2,3,4,5")]
    public void Matches_Text_ByCaseInsensitiveWords(string query, string expected) =>
        Assert.Equal(expected, VisibilityTestData.Matching(query));

    [Theory]
    [InlineData("CustomIntField = 5", "1")]
    [InlineData("CustomIntField = -3", "3")]
    [InlineData("CustomIntField != 5", "2,3")]
    [InlineData("CustomIntField < 5", "3")]
    [InlineData("CustomIntField <= 5", "1,3")]
    [InlineData("CustomIntField > 5", "2")]
    [InlineData("CustomIntField >= -3", "1,2,3")]
    [InlineData("CustomIntField IN (5, 10)", "1,2")]
    [InlineData("CustomIntField NOT IN (5)", "2,3")]
    [InlineData("CustomIntField BETWEEN 0 AND 10", "1,2")]
    [InlineData("CustomIntField NOT BETWEEN 0 AND 9", "2,3")]
    [InlineData("CustomIntField IS NULL", "4,5")]
    [InlineData("HistoryLength > 15", "2,3,4")]
    [InlineData("HistoryLength BETWEEN 10 AND 30", "1,2,3")]
    [InlineData("HistorySizeBytes >= 3000", "3,4")]
    [InlineData("StateTransitionCount IS NULL", "1,2,3,4,5")]
    public void Matches_Int_Numerically(string query, string expected) =>
        Assert.Equal(expected, VisibilityTestData.Matching(query));

    [Theory]
    [InlineData("CustomDoubleField = 1.5", "1")]
    [InlineData("CustomDoubleField != 1.5", "2")]
    [InlineData("CustomDoubleField > 2", "2")]
    [InlineData("CustomDoubleField < 2.5", "1")]
    [InlineData("CustomDoubleField >= 1.5e0", "1,2")]
    [InlineData("CustomDoubleField <= .5", "")]
    [InlineData("CustomDoubleField IN (2.5, 3)", "2")]
    [InlineData("CustomDoubleField NOT IN (2.5)", "1")]
    [InlineData("CustomDoubleField BETWEEN 1 AND 2", "1")]
    [InlineData("CustomDoubleField NOT BETWEEN 1 AND 2", "2")]
    [InlineData("CustomDoubleField IS NULL", "3,4,5")]
    public void Matches_Double_Numerically(string query, string expected) =>
        Assert.Equal(expected, VisibilityTestData.Matching(query));

    [Theory]
    [InlineData("CustomBoolField = true", "1")]
    [InlineData("CustomBoolField = FALSE", "2")]
    [InlineData("CustomBoolField != true", "2")]
    [InlineData("CustomBoolField = 'true'", "1")]
    [InlineData("CustomBoolField IS NULL", "3,4,5")]
    public void Matches_Bool(string query, string expected) =>
        Assert.Equal(expected, VisibilityTestData.Matching(query));

    [Theory]
    [InlineData("StartTime = '2024-01-02T00:00:00Z'", "2")]
    [InlineData("StartTime = '2024-01-01T05:00:00-05:00'", "1")]
    [InlineData("StartTime != '2024-01-02T00:00:00Z'", "1,3,4,5")]
    [InlineData("StartTime < '2024-01-02T00:00:00Z'", "1")]
    [InlineData("StartTime <= '2024-01-02T01:00:00+01:00'", "1,2")]
    [InlineData("StartTime > '2024-01-03T00:00:00Z'", "4,5")]
    [InlineData("StartTime >= '2024-01-03T00:00:00Z'", "3,4,5")]
    [InlineData("StartTime > 1704153600000000000", "3,4,5")]
    [InlineData("StartTime BETWEEN '2024-01-02T00:00:00Z' AND '2024-01-04T00:00:00Z'", "2,3,4")]
    [InlineData("StartTime NOT BETWEEN '2024-01-02T00:00:00Z' AND '2024-01-04T00:00:00Z'", "1,5")]
    [InlineData("StartTime IN ('2024-01-01T10:00:00Z', '2024-01-05T00:00:00.000000000Z')", "1,5")]
    [InlineData("StartTime NOT IN ('2024-01-01T10:00:00Z')", "2,3,4,5")]
    [InlineData("ExecutionTime = '2024-01-05T00:05:00Z'", "5")]
    [InlineData("CloseTime IS NULL", "1,5")]
    [InlineData("CloseTime IS NOT NULL", "2,3,4")]
    [InlineData("CloseTime > '2024-01-01T00:00:00Z'", "2,3,4")]
    [InlineData("CloseTime != '2024-01-04T00:00:01Z'", "2,3")]
    [InlineData("CustomDatetimeField > '2024-06-15T00:00:00Z'", "2")]
    [InlineData("CustomDatetimeField = '2024-07-01T12:00:00.500Z'", "2")]
    [InlineData("CustomDatetimeField = '2024-07-01T12:00:00.500000000Z'", "2")]
    [InlineData("CustomDatetimeField = 1717200000000000000", "1")]
    [InlineData("CustomDatetimeField IS NULL", "3,4,5")]
    public void Matches_Datetime_AsRfc3339OrUnixNanos(string query, string expected) =>
        Assert.Equal(expected, VisibilityTestData.Matching(query));

    [Theory]
    [InlineData("ExecutionDuration > '10s'", "2,3")]
    [InlineData("ExecutionDuration >= '1h'", "3")]
    [InlineData("ExecutionDuration = '1h59m60s'", "3")]
    [InlineData("ExecutionDuration = 1000000000", "4")]
    [InlineData("ExecutionDuration < '00:00:31'", "2,4")]
    [InlineData("ExecutionDuration < '1.5s'", "4")]
    [InlineData("ExecutionDuration BETWEEN '1s' AND '1m'", "2,4")]
    [InlineData("ExecutionDuration IS NULL", "1,5")]
    public void Matches_ExecutionDuration_AsDurationOrNanos(string query, string expected) =>
        Assert.Equal(expected, VisibilityTestData.Matching(query));

    [Theory]
    [InlineData("ExecutionStatus = 'Running' OR WorkflowId = 'wf-2' AND TaskQueue = 'payments'", "1,5")]
    [InlineData("WorkflowId = 'wf-3' AND TaskQueue = 'payments' OR WorkflowId = 'wf-1'", "1,3")]
    [InlineData("(ExecutionStatus = 'Running' OR WorkflowId = 'wf-2') AND TaskQueue = 'orders'", "1,2")]
    [InlineData("((WorkflowId = 'wf-1'))", "1")]
    [InlineData("(WorkflowId = 'wf-1' OR (WorkflowId = 'wf-4' AND (HistoryLength > 35)))", "1,4")]
    [InlineData("WorkflowId = 'wf-1' OR WorkflowId = 'wf-2' OR WorkflowId = 'wf-3'", "1,2,3")]
    [InlineData("TaskQueue = 'orders' AND HistoryLength > 5 AND CustomBoolField = false", "2")]
    [InlineData("WorkflowType starts_with 'Pay' and HistoryLength between 35 and 45 or ExecutionStatus in ('Completed')", "2,4")]
    [InlineData("WorkflowId='wf-1'OR WorkflowId='wf-2'", "1,2")]
    [InlineData("HistoryLength>=40", "4")]
    public void Matches_AndBindsTighterThanOr_AndParenthesesGroup(string query, string expected) =>
        Assert.Equal(expected, VisibilityTestData.Matching(query));

    [Theory]
    [InlineData("`WorkflowId` = 'wf-1'", "1")]
    [InlineData("`CustomIntField` >= 10", "2")]
    [InlineData("CustomKeywordField = 'it''s \"q\"'", "4")]
    [InlineData("CustomKeywordField = \"it's \\\"q\\\"\"", "4")]
    [InlineData("CustomKeywordField = \"it's \"\"q\"\"\"", "4")]
    [InlineData("CustomKeywordField = 'it\\'s \"q\"'", "4")]
    [InlineData("CustomKeywordField STARTS_WITH 'it''s'", "4")]
    [InlineData("WorkflowId = 'wf-1' ORDER BY StartTime", "1")]
    [InlineData("ORDER BY StartTime", "1,2,3,4,5")]
    [InlineData("GROUP BY ExecutionStatus", "1,2,3,4,5")]
    [InlineData("", "1,2,3,4,5")]
    [InlineData("   \t\n", "1,2,3,4,5")]
    [InlineData(null, "1,2,3,4,5")]
    public void Matches_QuotingEscapingAndEmptyQueries(string? query, string expected) =>
        Assert.Equal(expected, VisibilityTestData.Matching(query));
}
