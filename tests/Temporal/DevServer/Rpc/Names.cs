namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>Unique workflow ids and task queues, so tests sharing a server never see each other's tasks.</summary>
public static class Names
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
