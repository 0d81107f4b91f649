namespace ContentFlows.Activities.Tests.Batches;

[CollectionDefinition(Name)]
public sealed class BatchEnvironmentCollection : ICollectionFixture<BatchEnvironmentFixture>
{
    public const string Name = "Batch environment";
}
