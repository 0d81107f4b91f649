namespace ContentFlows.Temporal.DevServer.Tests.Soak;

/// <summary>What a soak pipeline returns: what it published and the notes of the approvals it received.</summary>
public sealed record SoakPipelineResult(string Published, IReadOnlyList<string> Notes);
