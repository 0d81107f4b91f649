namespace ContentFlows.Temporal.Sdk.Tests.Client;

[CollectionDefinition(Name)]
public sealed class ClientDevServerCollection : ICollectionFixture<ClientDevServerFixture>
{
    public const string Name = "Client dev server";
}
