namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>
/// How an attribute's values are compared. Mostly the indexed type, but ExecutionStatus (a Keyword
/// holding a status name) and ExecutionDuration (an Int holding nanoseconds) take their own literals.
/// </summary>
internal enum QueryValueKind
{
    /// <summary>Values are strings compared ordinally.</summary>
    Keyword,

    /// <summary>Values are strings; each element is one member.</summary>
    KeywordList,

    /// <summary>Values are strings matched word by word.</summary>
    Text,

    /// <summary>Values are longs.</summary>
    Int,

    /// <summary>Values are doubles.</summary>
    Double,

    /// <summary>Values are bools.</summary>
    Bool,

    /// <summary>Values are UTC ticks (longs).</summary>
    Datetime,

    /// <summary>Values are canonical status names ("Running").</summary>
    Status,

    /// <summary>Values are nanoseconds (longs); literals may be durations like "1h30m".</summary>
    Duration,
}
