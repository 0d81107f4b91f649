namespace ContentFlows.Bench.ApiLoad;

/// <summary>An API key and its name (the reviewer the approvals audit must show).</summary>
internal sealed record BenchKey(string Name, string Key);
