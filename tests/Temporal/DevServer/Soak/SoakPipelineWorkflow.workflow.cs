using Temporalio.Workflows;

namespace ContentFlows.Temporal.DevServer.Tests.Soak;

/// <summary>
/// A pipeline in miniature: research (activity), a pause (timer), a draft (child workflow with its own activity), a
/// reviewer's approval (signal), publication (activity). The notes of every signal it received are its result.
/// </summary>
[Workflow]
public sealed class SoakPipelineWorkflow
{
    private readonly List<string> notes = [];
    private bool approved;

    [WorkflowRun]
    public async Task<SoakPipelineResult> RunAsync(int index)
    {
        var options = SoakActivities.Options;
        await Workflow.ExecuteActivityAsync((SoakActivities a) => a.ResearchAsync(index), options);
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(200 + (index % 5 * 200)));
        var draft = await Workflow.ExecuteChildWorkflowAsync(
            (SoakDraftWorkflow child) => child.RunAsync(index),
            new ChildWorkflowOptions { Id = $"{Workflow.Info.WorkflowId}-draft", TaskTimeout = SoakActivities.WorkflowTaskTimeout });
        await Workflow.WaitConditionAsync(() => approved);
        var published = await Workflow.ExecuteActivityAsync((SoakActivities a) => a.PublishAsync(draft), options);
        return new SoakPipelineResult(published, [.. notes]);
    }

    [WorkflowSignal]
    public Task ApproveAsync(string note)
    {
        notes.Add(note);
        approved = true;
        return Task.CompletedTask;
    }
}
