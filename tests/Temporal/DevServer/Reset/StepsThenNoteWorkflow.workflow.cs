using Temporalio.Common;
using Temporalio.Workflows;

namespace ContentFlows.Temporal.DevServer.Tests.Reset;

/// <summary>Two activities, a wait for a note signal, then a third activity: the shape a reset "retries a run from a stage".</summary>
[Workflow]
public class StepsThenNoteWorkflow
{
    private static readonly ActivityOptions OneAttempt = new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = new RetryPolicy { MaximumAttempts = 1 },
    };

    private readonly List<string> _notes = [];

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        var first = await Workflow.ExecuteActivityAsync((StepActivities a) => a.RunStepAsync("one"), OneAttempt);
        var second = await Workflow.ExecuteActivityAsync((StepActivities a) => a.RunStepAsync("two"), OneAttempt);
        await Workflow.WaitConditionAsync(() => _notes.Count > 0);
        var third = await Workflow.ExecuteActivityAsync((StepActivities a) => a.RunStepAsync("three"), OneAttempt);
        return string.Join(",", first, second, third, string.Join("+", _notes));
    }

    [WorkflowSignal]
    public Task NoteAsync(string note)
    {
        _notes.Add(note);
        return Task.CompletedTask;
    }
}
