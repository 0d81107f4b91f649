namespace ContentFlows.Activities.Tests.Pipelines;

/// <summary>One dev server, one PostgreSQL schema and one worker host for all pipeline tests.</summary>
[CollectionDefinition(Name)]
public sealed class PipelineEnvironmentCollection : ICollectionFixture<PipelineEnvironmentFixture>
{
    public const string Name = "Pipeline environment";
}
