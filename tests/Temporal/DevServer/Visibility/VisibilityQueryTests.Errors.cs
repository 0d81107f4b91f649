using ContentFlows.Temporal.DevServer.Visibility;

namespace ContentFlows.Temporal.DevServer.Tests.Visibility;

/// <summary>Bad queries fail at parse time with a message that names the culprit and where it is.</summary>
public sealed partial class VisibilityQueryTests
{
    [Theory]
    [InlineData("Foo = 'x'", "invalid query: unknown search attribute \"Foo\" at position 1")]
    [InlineData("WorkflowId = 'a' AND `Foo Bar` IS NULL", "invalid query: unknown search attribute \"Foo Bar\" at position 22")]
    [InlineData("workflowid = 'x'", "invalid query: unknown search attribute \"workflowid\" (names are case-sensitive: did you mean \"WorkflowId\"?) at position 1")]
    [InlineData("WorkflowId = 'abc", "invalid query: unterminated string at position 14")]
    [InlineData("`WorkflowId = 'a'", "invalid query: unterminated back-quoted name at position 1")]
    [InlineData("WorkflowId = 'a' AND", "invalid query: expected a search attribute name but found end of query at position 21")]
    [InlineData("WorkflowId = 'a' AND OR WorkflowId = 'b'", "invalid query: expected a search attribute name but found \"OR\" at position 22")]
    [InlineData("OR WorkflowId = 'b'", "invalid query: expected a search attribute name but found \"OR\" at position 1")]
    [InlineData("StartTime STARTS_WITH '2024'", "invalid query: operator \"STARTS_WITH\" is not supported for attribute \"StartTime\" of type Datetime at position 11")]
    [InlineData("StartTime > 'yesterday'", "invalid query: string \"yesterday\" is not a valid Datetime (an RFC3339 string or int nanoseconds since the Unix epoch) for attribute \"StartTime\" at position 13")]
    [InlineData("GROUP BY WorkflowType", "invalid query: GROUP BY is only supported on \"ExecutionStatus\", not \"WorkflowType\" at position 10")]
    [InlineData("(WorkflowId = 'a'", "invalid query: expected \")\" to close the \"(\" at position 1 but found end of query at position 18")]
    [InlineData("WorkflowId = 'a')", "invalid query: expected AND, OR, GROUP BY, ORDER BY or the end of the query but found \")\" at position 17")]
    public void Parse_BadQuery_ThrowsWithExactMessage(string query, string message)
    {
        var error = Assert.Throws<VisibilityQueryException>(() => VisibilityQuery.Parse(query, VisibilityTestData.Registry()));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("CustomTextField > 'a'", "operator \">\" is not supported for attribute \"CustomTextField\" of type Text")]
    [InlineData("CustomTextField STARTS_WITH 'a'", "operator \"STARTS_WITH\" is not supported for attribute \"CustomTextField\" of type Text")]
    [InlineData("CustomTextField IN ('a')", "operator \"IN\" is not supported for attribute \"CustomTextField\" of type Text")]
    [InlineData("CustomBoolField IN (true)", "operator \"IN\" is not supported for attribute \"CustomBoolField\" of type Bool")]
    [InlineData("CustomBoolField < true", "operator \"<\" is not supported for attribute \"CustomBoolField\" of type Bool")]
    [InlineData("TemporalChangeVersion STARTS_WITH 'v'", "operator \"STARTS_WITH\" is not supported for attribute \"TemporalChangeVersion\" of type KeywordList")]
    [InlineData("TemporalChangeVersion > 'v'", "operator \">\" is not supported for attribute \"TemporalChangeVersion\" of type KeywordList")]
    [InlineData("TemporalChangeVersion BETWEEN 'a' AND 'b'", "operator \"BETWEEN\" is not supported for attribute \"TemporalChangeVersion\" of type KeywordList")]
    [InlineData("ExecutionStatus > 'Running'", "operator \">\" is not supported for attribute \"ExecutionStatus\" of type Keyword")]
    [InlineData("CustomIntField NOT STARTS_WITH '1'", "operator \"NOT STARTS_WITH\" is not supported for attribute \"CustomIntField\" of type Int")]
    [InlineData("CustomDoubleField STARTS_WITH '1'", "operator \"STARTS_WITH\" is not supported for attribute \"CustomDoubleField\" of type Double")]
    [InlineData("CustomKeywordField LIKE 'a%'", "operator \"LIKE\" is not supported; use STARTS_WITH")]
    [InlineData("CustomKeywordField NOT LIKE 'a%'", "operator \"NOT LIKE\" is not supported; use NOT STARTS_WITH")]
    public void Parse_OperatorNotValidForType_Throws(string query, string fragment) =>
        AssertInvalid(query, fragment);

    [Theory]
    [InlineData("StartTime > '2024-13-01T00:00:00Z'", "string \"2024-13-01T00:00:00Z\" is not a valid Datetime")]
    [InlineData("StartTime > '2024-01-01'", "is not a valid Datetime")]
    [InlineData("StartTime > '2024-01-01T00:00:00'", "is not a valid Datetime")]
    [InlineData("StartTime > 1.5", "\"1.5\" is not a valid Datetime")]
    [InlineData("CustomDatetimeField = true", "\"true\" is not a valid Datetime")]
    [InlineData("CustomIntField = 1.5", "\"1.5\" is not a valid Int (a whole number) for attribute \"CustomIntField\"")]
    [InlineData("CustomIntField = '5'", "string \"5\" is not a valid Int")]
    [InlineData("CustomIntField = 99999999999999999999", "is not a valid Int")]
    [InlineData("CustomDoubleField = 'x'", "string \"x\" is not a valid Double")]
    [InlineData("WorkflowId = 5", "\"5\" is not a valid Keyword (a quoted string) for attribute \"WorkflowId\"")]
    [InlineData("WorkflowId = wf1", "\"wf1\" is not a valid Keyword")]
    [InlineData("TemporalChangeVersion = 1", "\"1\" is not a valid KeywordList")]
    [InlineData("CustomTextField = 1", "\"1\" is not a valid Text")]
    [InlineData("CustomBoolField = 'yes'", "string \"yes\" is not a valid Bool (true or false)")]
    [InlineData("ExecutionStatus = 'Sleeping'", "string \"Sleeping\" is not a valid ExecutionStatus")]
    [InlineData("ExecutionStatus = 42", "\"42\" is not a valid ExecutionStatus")]
    [InlineData("ExecutionStatus = 0", "\"0\" is not a valid ExecutionStatus")]
    [InlineData("ExecutionStatus IN ('Running', '1')", "string \"1\" is not a valid ExecutionStatus")]
    [InlineData("ExecutionDuration > 'soon'", "string \"soon\" is not a valid duration")]
    [InlineData("WorkflowType STARTS_WITH 5", "\"5\" is not a valid Keyword")]
    public void Parse_ValueNotValidForType_Throws(string query, string fragment) =>
        AssertInvalid(query, fragment);

    [Theory]
    [InlineData("WorkflowId 'a'", "expected an operator after \"WorkflowId\" but found string \"a\" at position 12")]
    [InlineData("WorkflowId", "expected an operator after \"WorkflowId\" but found end of query")]
    [InlineData("WorkflowId =", "expected a value for \"WorkflowId\" but found end of query at position 13")]
    [InlineData("WorkflowId = AND", "expected a value for \"WorkflowId\" but found \"AND\"")]
    [InlineData("WorkflowId IN ()", "expected a value for \"WorkflowId\" but found \")\" at position 16")]
    [InlineData("WorkflowId IN ('a' 'b')", "expected \",\" or \")\" in the IN list but found string \"b\" at position 20")]
    [InlineData("WorkflowId IN ('a',", "expected a value for \"WorkflowId\" but found end of query")]
    [InlineData("WorkflowId IN 'a'", "expected \"(\" after IN but found string \"a\"")]
    [InlineData("CustomIntField BETWEEN 1 OR 2", "expected AND between the BETWEEN bounds but found \"OR\"")]
    [InlineData("CustomIntField BETWEEN 1", "expected AND between the BETWEEN bounds but found end of query")]
    [InlineData("NOT", "expected a search attribute name but found end of query")]
    [InlineData("NOT (WorkflowId = 'a'", "expected \")\" to close the \"(\" at position 5")]
    [InlineData("WorkflowId NOT = 'a'", "expected IN, BETWEEN or STARTS_WITH after NOT but found \"=\"")]
    [InlineData("WorkflowId IS 'a'", "expected NULL or NOT NULL after IS but found string \"a\"")]
    [InlineData("WorkflowId IS NOT 'a'", "expected NULL after IS NOT but found string \"a\"")]
    [InlineData("WorkflowId = 'a' # x", "unexpected character '#' at position 18")]
    [InlineData("WorkflowId ! 'a'", "unexpected character '!' (did you mean \"!=\"?) at position 12")]
    [InlineData("CustomIntField = 5abc", "malformed number \"5a\" at position 18")]
    [InlineData("WorkflowId = 'a' WorkflowId = 'b'", "expected AND, OR, GROUP BY, ORDER BY or the end of the query but found \"WorkflowId\"")]
    [InlineData("()", "expected a search attribute name but found \")\" at position 2")]
    [InlineData("'wf-1' = WorkflowId", "expected a search attribute name but found string \"wf-1\" at position 1")]
    [InlineData(")", "expected a search attribute name but found \")\" at position 1")]
    [InlineData("WorkflowId = 'a' ORDER BY", "expected a search attribute name but found end of query")]
    [InlineData("ORDER StartTime", "expected BY after ORDER but found \"StartTime\"")]
    [InlineData("ORDER BY StartTime UP", "expected AND, OR, GROUP BY, ORDER BY or the end of the query but found \"UP\"")]
    [InlineData("ORDER BY Foo", "unknown search attribute \"Foo\" at position 10")]
    [InlineData("ORDER BY CustomTextField", "cannot ORDER BY attribute \"CustomTextField\" of type Text at position 10")]
    [InlineData("ORDER BY TemporalChangeVersion", "cannot ORDER BY attribute \"TemporalChangeVersion\" of type KeywordList")]
    [InlineData("ORDER BY StartTime GROUP BY ExecutionStatus", "expected AND, OR, GROUP BY, ORDER BY or the end of the query but found \"GROUP\"")]
    [InlineData("GROUP ExecutionStatus", "expected BY after GROUP but found \"ExecutionStatus\"")]
    [InlineData("GROUP BY ExecutionStatus, WorkflowType", "GROUP BY accepts a single attribute, \"ExecutionStatus\" at position 25")]
    [InlineData("GROUP BY CustomKeywordField", "GROUP BY is only supported on \"ExecutionStatus\", not \"CustomKeywordField\"")]
    public void Parse_MalformedQuery_Throws(string query, string fragment) =>
        AssertInvalid(query, fragment);

    [Fact]
    public void Parse_MillionNestedParentheses_RefusedWithoutOverflowingTheStack()
    {
        const int depth = 1_000_000;
        var query = new string('(', depth) + "WorkflowId = 'a'" + new string(')', depth);

        AssertInvalid(query, $"parentheses and NOT nest deeper than {QueryParser.MaxNesting} levels at position {QueryParser.MaxNesting + 1}");
    }

    [Fact]
    public void Parse_DeepNotChain_Refused() =>
        AssertInvalid(string.Concat(Enumerable.Repeat("NOT ", QueryParser.MaxNesting + 1)) + "WorkflowId = 'a'", "nest deeper than");

    [Fact]
    public void Parse_NestingAtTheLimit_Accepted()
    {
        var query = new string('(', QueryParser.MaxNesting) + "WorkflowId = 'wf-1'" + new string(')', QueryParser.MaxNesting);

        Assert.Equal("1", VisibilityTestData.Matching(query));
    }

    [Fact]
    public void Matches_LongOrChain_EvaluatesWithoutDeepRecursion()
    {
        // A flat chain is not nesting: it is accepted and evaluated in a loop, however long.
        var query = string.Join(" OR ", Enumerable.Range(0, 100_000).Select(i => $"WorkflowId = 'x-{i}'")) + " OR WorkflowId = 'wf-2'";

        Assert.Equal("2", VisibilityTestData.Matching(query));
    }

    private static void AssertInvalid(string query, string fragment)
    {
        var error = Assert.Throws<VisibilityQueryException>(() => VisibilityQuery.Parse(query, VisibilityTestData.Registry()));
        Assert.StartsWith("invalid query: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }
}
