namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>The two task families a queue name carries: workflow (and query) tasks, and activity tasks.</summary>
internal enum TaskCategory
{
    Workflow,
    Activity,
}
