namespace ContentFlows.Temporal.DevServer.Ui;

/// <summary>A UI API request the handler cannot turn into a Temporal request (bad token, bad JSON input).</summary>
internal sealed class UiRequestException(string message) : Exception(message);
