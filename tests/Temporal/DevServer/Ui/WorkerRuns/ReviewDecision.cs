namespace ContentFlows.Temporal.DevServer.Tests.Ui.WorkerRuns;

/// <summary>A reviewer's signal, as the UI's signal dialog sends it: <c>{"approved": true, "reviewer": "dana"}</c>.</summary>
public sealed record ReviewDecision(bool Approved, string Reviewer);
