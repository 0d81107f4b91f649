namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>What a task token answers for.</summary>
internal enum TaskTokenKind : byte
{
    WorkflowTask = 1,
    ActivityTask = 2,
    QueryTask = 3,
}
