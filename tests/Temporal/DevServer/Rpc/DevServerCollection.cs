namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>The tests that share one <see cref="DevServerFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class DevServerCollection : ICollectionFixture<DevServerFixture>
{
    public const string Name = "Dev server over gRPC";
}
