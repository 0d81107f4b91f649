namespace ContentFlows.Temporal.Tests.Workflows;

[CollectionDefinition(Name)]
public sealed class WorkflowRuntimeCollection : ICollectionFixture<WorkflowRuntimeFixture>
{
    public const string Name = "Workflow runtime dev server";
}
