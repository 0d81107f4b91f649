using System.Text.Json;
using ContentFlows.Activities.Approvals;
using ContentFlows.Activities.Content;
using ContentFlows.Activities.Costs;
using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Pipelines;
using ContentFlows.Activities.QualityGates;
using ContentFlows.Activities.Runs;
using Temporalio.Client;
using ContentFlows.Workflows.Notifications;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Activities.Tests.Pipelines;

[Collection(PipelineEnvironmentCollection.Name)]
public sealed class PipelineWorkflowEndToEndTests(PipelineEnvironmentFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunAsync_FlawedDraftRewrittenThenEdited_PublishesEditedVersionWithFullRecord()
    {
        var project = await fixture.CreateProjectAsync();
        var definition = await fixture.CreateDefinitionAsync(project.Id, new { timeoutSeconds = 600, onTimeout = "escalate" });
        var handle = await StartAsync(project.Id, definition);
        var runId = RunIdOf(handle);

        var waiting = await WaitForStatusAsync(handle, status => status.AwaitingApproval);
        Assert.Equal(PipelineRunState.AwaitingApproval, waiting.State);
        Assert.Equal([1, 2], waiting.Versions);
        Assert.Equal(100, waiting.Score);
        Assert.Equal(1, waiting.RewriteRounds);

        var versions = Services.GetRequiredService<ContentVersionStore>();
        var rewritten = await versions.GetAsync(runId, 2, CancellationToken.None);
        var edited = rewritten.Fields with
        {
            Title = "Acme Mesh Router: mesh wifi for every room",
            Body = rewritten.Fields.Body + "\n\nSet up in minutes with the app.",
        };
        await handle.SignalAsync(wf => wf.ApproveAsync(new ApprovalDecision(ApprovalDecisionKind.Edit, "dana@acme.test", "Sharper title", edited)));
        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal(PipelineRunState.Published, result.State);
        Assert.Equal([1, 2, 3, 4], result.Versions);
        Assert.Equal(4, result.FinalVersion);

        // Versions: generated (failing both ways), rewritten (passing), edited, published.
        var stored = await versions.ListAsync(runId, CancellationToken.None);
        Assert.Equal([ContentVersionKind.Generated, ContentVersionKind.Rewritten, ContentVersionKind.Edited, ContentVersionKind.Published], stored.Select(v => v.Kind));
        var firstReport = Assert.IsType<QualityGateReport>(stored[0].GateReport);
        Assert.False(firstReport.Passed);
        Assert.Contains(firstReport.Issues, i => i.Code == "forbidden-phrase" && i.Evidence == "world-class" && i.Severity == IssueSeverity.Error);
        Assert.Contains(firstReport.Issues, i => i.Code == "invented-number" && i.Evidence == "87%");
        Assert.Contains(OfflineTextGenerator.OfflineNotice, stored[0].Fields.Body, StringComparison.Ordinal);
        var secondReport = Assert.IsType<QualityGateReport>(stored[1].GateReport);
        Assert.True(secondReport.Passed);
        Assert.Equal(100, secondReport.Score);
        Assert.Empty(secondReport.Issues);
        Assert.Equal(edited, stored[2].Fields);
        Assert.Equal(edited, stored[3].Fields);

        // Costs: one row per LLM call, priced with the project's prices.
        var calls = await Services.GetRequiredService<LlmCallStore>().ListAsync(runId, CancellationToken.None);
        Assert.Equal(["generate", "rewrite"], calls.Select(c => c.Stage));
        Assert.All(calls, call =>
        {
            Assert.Equal(OfflineTextGenerator.ModelName, call.Model);
            Assert.True(call.PromptTokens > 0 && call.CompletionTokens > 0);
            Assert.Equal((call.PromptTokens * 0.5m / 1000m) + (call.CompletionTokens * 1.5m / 1000m), call.Cost);
        });

        // The approvals audit.
        var approval = Assert.Single(await Services.GetRequiredService<ApprovalStore>().ListAsync(runId, CancellationToken.None));
        Assert.Equal(("dana@acme.test", ApprovalDecisionKind.Edit, 2, 3), (approval.Reviewer, approval.Decision, approval.ReviewedVersion, approval.ResultingVersion));
        Assert.Contains("\"title\"", approval.DiffJson, StringComparison.Ordinal);

        // The run row and the published files.
        var run = await Services.GetRequiredService<PipelineRunStore>().GetAsync(runId, CancellationToken.None);
        Assert.Equal((PipelineRunState.Published, 4), (run.State, run.CurrentVersion));
        var folder = Path.Combine(fixture.PublishDirectory, project.Slug);
        var page = await File.ReadAllTextAsync(Path.Combine(folder, "acme-mesh-router-mesh-wifi-for-every-room.html"));
        Assert.Contains("<title>Acme Mesh Router: mesh wifi for every room</title>", page, StringComparison.Ordinal);
        Assert.Contains("<p>Set up in minutes with the app.</p>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("world-class", page, StringComparison.Ordinal);
        var index = await File.ReadAllTextAsync(Path.Combine(folder, "index.html"));
        Assert.Contains("<a href=\"acme-mesh-router-mesh-wifi-for-every-room.html\">Acme Mesh Router: mesh wifi for every room</a>", index, StringComparison.Ordinal);

        // The history holds the stage activities in order and the reviewer's signal.
        var history = await handle.FetchHistoryAsync();
        var stages = history.Events
            .Where(e => e.EventType == EventType.ActivityTaskScheduled)
            .Select(e => e.ActivityTaskScheduledEventAttributes.ActivityType.Name)
            .Where(name => name is not PipelineActivityNames.RecordApproval and not PipelineActivityNames.UpdateRunState and not NotificationActivityNames.Send)
            .ToList();
        Assert.Equal(["generate", "quality-gates", "rewrite", "quality-gates", "publish"], stages);
        Assert.Contains(history.Events, e => e.EventType == EventType.ActivityTaskScheduled && e.ActivityTaskScheduledEventAttributes.ActivityType.Name == PipelineActivityNames.RecordApproval);
        var signal = Assert.Single(history.Events, e => e.EventType == EventType.WorkflowExecutionSignaled);
        Assert.Equal("approve", signal.WorkflowExecutionSignaledEventAttributes.SignalName);
        Assert.Equal(EventType.WorkflowExecutionCompleted, history.Events.Last().EventType);

        RecordHistory("pipeline-approve-edit.json", history.ToJson());

        // The activities' own log lines carry the run's Temporal identity as Serilog properties.
        var generateStarting = fixture.LogEvents.Events.First(e =>
            e.Properties.TryGetValue("WorkflowId", out var id) && id.ToString() == $"\"{handle.Id}\""
            && e.Properties.TryGetValue("StageType", out var stage) && stage.ToString() == "\"generate\""
            && e.MessageTemplate.Text.Contains("starting", StringComparison.Ordinal));
        Assert.Equal("\"generate\"", generateStarting.Properties["ActivityType"].ToString());
        Assert.Equal("1", generateStarting.Properties["Attempt"].ToString());
        Assert.Equal($"\"{history.Events.First().WorkflowExecutionStartedEventAttributes.OriginalExecutionRunId}\"", generateStarting.Properties["WorkflowRunId"].ToString());
    }

    [Fact]
    public async Task RunAsync_ReviewerRejects_EndsRejectedWithReason()
    {
        var project = await fixture.CreateProjectAsync();
        var definition = await fixture.CreateDefinitionAsync(project.Id, new { timeoutSeconds = 600 });
        var handle = await StartAsync(project.Id, definition);
        await WaitForStatusAsync(handle, status => status.AwaitingApproval);

        await handle.SignalAsync(wf => wf.ApproveAsync(new ApprovalDecision(ApprovalDecisionKind.Reject, "dana@acme.test", "Off-brand tone")));
        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal((PipelineRunState.Rejected, "Off-brand tone"), (result.State, result.Reason));
        var run = await Services.GetRequiredService<PipelineRunStore>().GetAsync(RunIdOf(handle), CancellationToken.None);
        Assert.Equal((PipelineRunState.Rejected, "Off-brand tone"), (run.State, run.StateReason));
        Assert.False(Directory.Exists(Path.Combine(fixture.PublishDirectory, project.Slug)));
        var approval = Assert.Single(await Services.GetRequiredService<ApprovalStore>().ListAsync(RunIdOf(handle), CancellationToken.None));
        Assert.Equal(ApprovalDecisionKind.Reject, approval.Decision);
    }

    [Fact]
    public async Task RunAsync_ApprovalTimesOutWithAutoReject_EndsRejected()
    {
        var project = await fixture.CreateProjectAsync();
        var definition = await fixture.CreateDefinitionAsync(project.Id, new { timeoutSeconds = 2, onTimeout = "auto-reject" });

        var result = await (await StartAsync(project.Id, definition)).GetResultAsync().WaitAsync(Deadline);

        Assert.Equal(PipelineRunState.Rejected, result.State);
        Assert.Contains("auto-rejects", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ApprovalTimesOutWithAutoApproveAboveScore_Publishes()
    {
        var project = await fixture.CreateProjectAsync();
        var definition = await fixture.CreateDefinitionAsync(project.Id, new { timeoutSeconds = 2, onTimeout = "auto-approve-above-score", autoApproveMinScore = 90 });
        var handle = await StartAsync(project.Id, definition);

        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal(PipelineRunState.Published, result.State);
        Assert.Equal([1, 2, 3], result.Versions);
        var approval = Assert.Single(await Services.GetRequiredService<ApprovalStore>().ListAsync(RunIdOf(handle), CancellationToken.None));
        Assert.Equal(("system:approval-timeout", ApprovalDecisionKind.Approve), (approval.Reviewer, approval.Decision));
    }

    [Fact]
    public async Task AddVersionAsync_UnknownTypeInvalidConfigsAndUnapprovedPublish_RefusedListingEveryProblem()
    {
        var project = await fixture.CreateProjectAsync(requireApproval: true);

        var error = await Assert.ThrowsAsync<PipelineDefinitionRejectedException>(() => Services.GetRequiredService<PipelineDefinitionStore>().AddVersionAsync(
            project.Id,
            "broken",
            [
                StageDefinition.Create("generate", new { targetWords = 5 }),
                StageDefinition.Create("summarize"),
                StageDefinition.Create("publish", new { channel = "fax" }),
                StageDefinition.Create("approval", new { timeoutSeconds = -1, onTimeout = "shrug" }),
                StageDefinition.Create("publish"),
            ],
            CancellationToken.None));

        Assert.Equal(5, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.StartsWith("Stage 0 (generate): targetWords", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Stage 1: unknown stage type \"summarize\"", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Stage 2 (publish): channel", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Stage 2 (publish): the project requires approval before publishing", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Stage 3 (approval): config is not valid", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Problems, p => p.StartsWith("Stage 4", StringComparison.Ordinal));
        Assert.Contains("Stage 2 (publish): the project requires approval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddVersionAsync_PublishWithoutApprovalWhereNotRequired_IsStored()
    {
        var project = await fixture.CreateProjectAsync(requireApproval: false);

        var stored = await Services.GetRequiredService<PipelineDefinitionStore>().AddVersionAsync(
            project.Id,
            "straight-to-publish",
            [StageDefinition.Create("generate"), StageDefinition.Create("publish")],
            CancellationToken.None);

        Assert.Equal(1, stored.Version);
    }

    private IServiceProvider Services => fixture.Services;

    private static Guid RunIdOf(WorkflowHandle handle) => Guid.ParseExact(handle.Id["pipeline-".Length..], "N");

    private static async Task<PipelineStatus> WaitForStatusAsync(WorkflowHandle<PipelineWorkflow, PipelineResult> handle, Func<PipelineStatus, bool> condition)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            var status = await handle.QueryAsync(wf => wf.Status);
            if (condition(status))
            {
                return status;
            }

            // Polling the query is the only way to observe the workflow from outside; the deadline bounds it.
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }

    // Refreshes the replay fixture when missing or when asked (CONTENTFLOWS_RECORD_HISTORIES=1), never silently otherwise.
    private static void RecordHistory(string fileName, string json)
    {
        var path = Path.Combine(PostgresFixture.FindRepositoryRoot(), "tests", "Workflows", "Histories", fileName);
        if (!File.Exists(path) || Environment.GetEnvironmentVariable("CONTENTFLOWS_RECORD_HISTORIES") == "1")
        {
            File.WriteAllText(path, json);
        }
    }

    private async Task<WorkflowHandle<PipelineWorkflow, PipelineResult>> StartAsync(Guid projectId, PinnedPipelineDefinition definition) =>
        await Services.GetRequiredService<PipelineRunLauncher>().StartAsync(projectId, definition.DefinitionId, definition.Version, PipelineEnvironmentFixture.Brief(), fixture.TaskQueue, CancellationToken.None);
}
