using System.Diagnostics.CodeAnalysis;

// The VS threading rules below guard UI/JoinableTaskFactory code against main-thread deadlocks. The workflow runtime
// has no such thread: it deliberately awaits TaskCompletionSource tasks that history resolves (VSTHRD003), and reads
// results of tasks its own scheduler has already drained to completion, synchronously (VSTHRD002, VSTHRD103).
[assembly: SuppressMessage("Usage", "VSTHRD003:Avoid awaiting foreign Tasks", Justification = "Workflow runtime: tasks are resolved by history on the workflow scheduler.", Scope = "namespaceanddescendants", Target = "~N:ContentFlows.Temporal.Worker.Workflows")]
[assembly: SuppressMessage("Usage", "VSTHRD003:Avoid awaiting foreign Tasks", Justification = "Workflow API: tasks are resolved by history on the workflow scheduler.", Scope = "namespaceanddescendants", Target = "~N:ContentFlows.Temporal.Workflows")]
[assembly: SuppressMessage("Usage", "VSTHRD002:Avoid problematic synchronous waits", Justification = "Workflow runtime: only tasks the scheduler already ran to completion are read.", Scope = "namespaceanddescendants", Target = "~N:ContentFlows.Temporal.Worker.Workflows")]
[assembly: SuppressMessage("Usage", "VSTHRD103:Call async methods when in an async method", Justification = "Workflow runtime: only tasks the scheduler already ran to completion are read.", Scope = "namespaceanddescendants", Target = "~N:ContentFlows.Temporal.Worker.Workflows")]
