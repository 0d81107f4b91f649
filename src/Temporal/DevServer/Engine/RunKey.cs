namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>Identifies one run: run ids are unique within a namespace.</summary>
internal readonly record struct RunKey(string NamespaceId, string RunId);
