using System.Text.Json;

namespace ContentFlows.Temporal.DevServer.Ui.Api;

/// <summary>The body of POST .../signal: the signal's name and its single JSON argument, if any.</summary>
internal sealed record SignalRequest(string? SignalName, JsonElement? Input);
