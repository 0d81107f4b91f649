namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>A matching queue: tasks are matched FIFO per namespace, name and kind.</summary>
internal readonly record struct TaskQueueKey(string NamespaceId, string Name, TaskCategory Category);
