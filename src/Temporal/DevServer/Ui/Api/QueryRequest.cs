using System.Text.Json;

namespace ContentFlows.Temporal.DevServer.Ui.Api;

/// <summary>The body of POST .../query: the query type and its single JSON argument, if any.</summary>
internal sealed record QueryRequest(string? QueryType, JsonElement? Args);
