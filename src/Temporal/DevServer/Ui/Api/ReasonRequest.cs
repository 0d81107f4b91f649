namespace ContentFlows.Temporal.DevServer.Ui.Api;

/// <summary>The body of POST .../cancel and .../terminate.</summary>
internal sealed record ReasonRequest(string? Reason);
