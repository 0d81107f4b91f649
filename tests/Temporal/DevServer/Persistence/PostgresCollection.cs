namespace ContentFlows.Temporal.DevServer.Tests.Persistence;

/// <summary>Test classes that need PostgreSQL share one <see cref="PostgresFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
