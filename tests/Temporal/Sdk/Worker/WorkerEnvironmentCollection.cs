namespace ContentFlows.Temporal.Sdk.Tests.Worker;

[CollectionDefinition(Name)]
public sealed class WorkerEnvironmentCollection : ICollectionFixture<WorkerEnvironmentFixture>
{
    public const string Name = "Worker dev server";
}
