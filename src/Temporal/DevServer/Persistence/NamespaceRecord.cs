namespace ContentFlows.Temporal.DevServer.Persistence;

/// <summary>A namespace as stored: its name, id and serialized <c>temporal.api.namespace.v1</c> description.</summary>
internal sealed record NamespaceRecord(string Name, string Id, byte[] Description);
