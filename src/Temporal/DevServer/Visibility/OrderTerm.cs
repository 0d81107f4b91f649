namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>One ORDER BY column.</summary>
internal sealed record OrderTerm(QueryAttribute Attribute, bool Descending);
