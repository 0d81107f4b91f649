namespace ContentFlows.Activities.Extraction;

/// <summary>One specification.</summary>
/// <param name="Name">What is specified, e.g. "Coverage".</param>
/// <param name="Value">The value as the sources state it, e.g. "120 square metres".</param>
public sealed record ProductSpec(string Name, string Value);
