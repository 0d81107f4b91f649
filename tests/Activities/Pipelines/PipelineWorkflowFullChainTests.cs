using System.Text.Json;
using ContentFlows.Activities.Approvals;
using ContentFlows.Activities.Audience;
using ContentFlows.Activities.Citations;
using ContentFlows.Activities.Content;
using ContentFlows.Activities.Costs;
using ContentFlows.Activities.Extraction;
using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Pipelines;
using ContentFlows.Activities.QualityGates;
using ContentFlows.Activities.Research;
using ContentFlows.Activities.Runs;
using Temporalio.Client;
using ContentFlows.Workflows.Notifications;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Activities.Tests.Pipelines;

/// <summary>
/// The acceptance run in one test: research → extract → audience → generate → gates with LLM judges (the flawed first
/// draft fails) → rewrite → gates pass → approval (an edit by signal) → publish to files, on real PostgreSQL, the dev
/// server and the C# worker, with every stored row, the files and the history checked.
/// </summary>
[Collection(PipelineEnvironmentCollection.Name)]
public sealed class PipelineWorkflowFullChainTests(PipelineEnvironmentFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunAsync_FullChainWithFlawedDraftRewrittenThenEdited_PublishesEditedVersionWithFullRecord()
    {
        await File.WriteAllTextAsync(Path.Combine(fixture.SourceDirectory, "full-chain-specs.txt"), "The router weighs 450 g.");
        var brief = PipelineEnvironmentFixture.Brief() with
        {
            Sources =
            [
                new BriefSource(BriefSourceKind.Text, "Setup takes 10 minutes with the Acme app.", "Support notes"),
                new BriefSource(BriefSourceKind.File, "full-chain-specs.txt", "Spec sheet"),
            ],
        };
        var project = await fixture.CreateProjectAsync(requireApproval: true);
        var definition = await Services.GetRequiredService<PipelineDefinitionStore>().AddVersionAsync(
            project.Id,
            "full-landing-page",
            [
                StageDefinition.Create("research", new { fetchTimeoutSeconds = 5 }),
                StageDefinition.Create("extract"),
                StageDefinition.Create("audience", new { maxPersonas = 2 }),
                StageDefinition.Create("generate", new { targetWords = 200 }),
                StageDefinition.Create("quality-gates", new { judges = new[] { "brand-voice", "factuality" } }),
                StageDefinition.Create("rewrite", new { maxRounds = 3 }),
                StageDefinition.Create("approval", new { timeoutSeconds = 600, onTimeout = "escalate" }),
                StageDefinition.Create("publish", new { channel = "static-files" }),
            ],
            CancellationToken.None);
        var handle = await Services.GetRequiredService<PipelineRunLauncher>().StartAsync(project.Id, definition.DefinitionId, definition.Version, brief, fixture.TaskQueue, CancellationToken.None);
        var runId = Guid.ParseExact(handle.Id["pipeline-".Length..], "N");

        var waiting = await WaitForApprovalAsync(handle);
        Assert.Equal([1, 2], waiting.Versions);
        Assert.Equal((100, 1), (waiting.Score, waiting.RewriteRounds));
        var versions = Services.GetRequiredService<ContentVersionStore>();
        var rewritten = await versions.GetAsync(runId, 2, CancellationToken.None);
        var edited = rewritten.Fields with
        {
            Title = "Acme Mesh Router: mesh wifi in ten minutes",
            Body = rewritten.Fields.Body + "\n\nAsk our team anything before you order.",
        };
        await handle.SignalAsync(wf => wf.ApproveAsync(new ApprovalDecision(ApprovalDecisionKind.Edit, "dana@acme.test", "Sharper title", edited)));
        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal((PipelineRunState.Published, 4), (result.State, result.FinalVersion));
        Assert.Equal([1, 2, 3, 4], result.Versions);

        // Research brief and source index, extracted facts, personas: all stored for the run.
        var research = Assert.IsType<ResearchBrief>(await Services.GetRequiredService<ResearchStore>().FindLatestAsync(runId, CancellationToken.None));
        Assert.Equal([("S1", true), ("S2", true)], research.Sources.Select(s => (s.Marker, s.Read)));
        Assert.Equal((100, 0), (research.Score, research.Warnings.Count));
        Assert.Contains("[S2] Spec sheet\nThe router weighs 450 g.", research.Text, StringComparison.Ordinal);
        var facts = Assert.IsType<ExtractedFacts>(await Services.GetRequiredService<ExtractionStore>().FindLatestAsync(runId, CancellationToken.None));
        Assert.Contains(facts.Specs, s => s.Value == "The router weighs 450 g.");
        var personas = Assert.IsAssignableFrom<IReadOnlyList<AudiencePersona>>(await Services.GetRequiredService<AudienceStore>().FindLatestAsync(runId, CancellationToken.None));
        var persona = Assert.Single(personas);
        Assert.Equal("Busy families", persona.Name);
        Assert.NotEmpty(persona.Needs);
        Assert.Contains("Is Acme Mesh Router worth the money.", persona.Objections);

        // v1 generated: fails on the seeded phrase, number and citation, deterministic checks and judges alike.
        var stored = await versions.ListAsync(runId, CancellationToken.None);
        Assert.Equal([ContentVersionKind.Generated, ContentVersionKind.Rewritten, ContentVersionKind.Edited, ContentVersionKind.Published], stored.Select(v => v.Kind));
        var first = Assert.IsType<QualityGateReport>(stored[0].GateReport);
        Assert.False(first.Passed);
        Assert.Contains(first.Issues, i => (i.Code, i.Severity, i.Evidence) == ("forbidden-phrase", IssueSeverity.Error, "world-class"));
        Assert.Contains(first.Issues, i => (i.Code, i.Severity, i.Evidence) == ("invented-number", IssueSeverity.Error, "87%"));
        Assert.Contains(first.Issues, i => (i.Code, i.Severity, i.Evidence) == ("unknown-source-marker", IssueSeverity.Error, "S99"));
        Assert.Contains(first.Issues, i => (i.Code, i.Severity, i.Evidence) == ("brand-voice", IssueSeverity.Warning, "world-class"));
        Assert.Contains(first.Issues, i => (i.Code, i.Severity, i.Evidence) == ("factuality", IssueSeverity.Error, "87%"));
        Assert.Equal([("brand-voice", 70), ("factuality", 65)], first.Judgments!.Select(j => (j.Judge, j.Score)));
        Assert.Equal(0, first.Score);
        Assert.Contains("For busy families:", stored[0].Fields.Body, StringComparison.Ordinal);

        // Source markers are stored as claims beside clean text.
        var claims = Services.GetRequiredService<SourceClaimStore>();
        var firstClaims = await claims.GetAsync(runId, 1, CancellationToken.None);
        Assert.Contains(new SourceClaim("body", "Setup takes 10 minutes with the Acme app.", ["S1"]), firstClaims, ClaimComparer.Instance);
        Assert.Contains(firstClaims, c => c.Markers.SequenceEqual(["S99"]) && c.Claim.Contains("87%", StringComparison.Ordinal));
        Assert.DoesNotContain("[S", stored[0].Fields.Body, StringComparison.Ordinal);

        // v2 rewritten: passes every check and both judges; keeps its valid citations, drops the invented one.
        var second = Assert.IsType<QualityGateReport>(stored[1].GateReport);
        Assert.Equal((true, 100), (second.Passed, second.Score));
        Assert.Empty(second.Issues);
        Assert.Equal([("brand-voice", 100), ("factuality", 100)], second.Judgments!.Select(j => (j.Judge, j.Score)));
        var secondClaims = await claims.GetAsync(runId, 2, CancellationToken.None);
        Assert.Equal(["S1", "S2"], secondClaims.SelectMany(c => c.Markers).Order(StringComparer.Ordinal));

        // v3 edited by the reviewer; v4 the published snapshot of it.
        Assert.Equal(edited, stored[2].Fields);
        Assert.Equal(edited, stored[3].Fields);
        var approval = Assert.Single(await Services.GetRequiredService<ApprovalStore>().ListAsync(runId, CancellationToken.None));
        Assert.Equal(("dana@acme.test", ApprovalDecisionKind.Edit, 2, 3), (approval.Reviewer, approval.Decision, approval.ReviewedVersion, approval.ResultingVersion));

        // Costs: a row per LLM call, the judges' under quality-gates, priced with the project's prices.
        var calls = await Services.GetRequiredService<LlmCallStore>().ListAsync(runId, CancellationToken.None);
        Assert.Equal(["extract", "audience", "generate", "quality-gates", "quality-gates", "rewrite", "quality-gates", "quality-gates"], calls.Select(c => c.Stage));
        Assert.All(calls, call =>
        {
            Assert.Equal(OfflineTextGenerator.ModelName, call.Model);
            Assert.True(call.PromptTokens > 0 && call.CompletionTokens > 0);
            Assert.Equal((call.PromptTokens * 0.5m / 1000m) + (call.CompletionTokens * 1.5m / 1000m), call.Cost);
        });

        // The published files: the edited text, no raw markers, no seeded flaws; the index links the page.
        var run = await Services.GetRequiredService<PipelineRunStore>().GetAsync(runId, CancellationToken.None);
        Assert.Equal((PipelineRunState.Published, 4), (run.State, run.CurrentVersion));
        var folder = Path.Combine(fixture.PublishDirectory, project.Slug);
        var page = await File.ReadAllTextAsync(Path.Combine(folder, "acme-mesh-router-mesh-wifi-in-ten-minutes.html"));
        Assert.Contains("<title>Acme Mesh Router: mesh wifi in ten minutes</title>", page, StringComparison.Ordinal);
        Assert.Contains("Setup takes 10 minutes with the Acme app.", page, StringComparison.Ordinal);
        Assert.Contains("<p>Ask our team anything before you order.</p>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("[S", page, StringComparison.Ordinal);
        Assert.DoesNotContain("world-class", page, StringComparison.Ordinal);
        Assert.DoesNotContain("87%", page, StringComparison.Ordinal);
        var index = await File.ReadAllTextAsync(Path.Combine(folder, "index.html"));
        Assert.Contains("<a href=\"acme-mesh-router-mesh-wifi-in-ten-minutes.html\">", index, StringComparison.Ordinal);

        // The history: the stage activities in order, the reviewer's signal before the approval is recorded, then publish.
        var history = await handle.FetchHistoryAsync();
        var steps = history.Events
            .Where(e => e.EventType is EventType.ActivityTaskScheduled or EventType.WorkflowExecutionSignaled)
            .Select(e => e.EventType == EventType.WorkflowExecutionSignaled
                ? "signal:" + e.WorkflowExecutionSignaledEventAttributes.SignalName
                : e.ActivityTaskScheduledEventAttributes.ActivityType.Name)
            .Where(step => step is not PipelineActivityNames.UpdateRunState and not NotificationActivityNames.Send)
            .ToList();
        Assert.Equal(
            ["research", "extract", "audience", "generate", "quality-gates", "rewrite", "quality-gates", "signal:approve", PipelineActivityNames.RecordApproval, "publish"],
            steps);
        Assert.Equal(EventType.WorkflowExecutionCompleted, history.Events.Last().EventType);

        PipelineHistoryRecorder.Record("pipeline-full-approve-edit.json", history.ToJson());
    }

    private IServiceProvider Services => fixture.Services;

    private static async Task<PipelineStatus> WaitForApprovalAsync(WorkflowHandle<PipelineWorkflow, PipelineResult> handle)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            var status = await handle.QueryAsync(wf => wf.Status);
            if (status.AwaitingApproval)
            {
                return status;
            }

            // Polling the query is the only way to observe the workflow from outside; the deadline bounds it.
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }

    // Claims hold lists, which records compare by reference.
    private sealed class ClaimComparer : IEqualityComparer<SourceClaim>
    {
        public static ClaimComparer Instance { get; } = new();

        public bool Equals(SourceClaim? x, SourceClaim? y) =>
            x is not null && y is not null && x.Field == y.Field && x.Claim == y.Claim && x.Markers.SequenceEqual(y.Markers);

        public int GetHashCode(SourceClaim obj) => HashCode.Combine(obj.Field, obj.Claim);
    }
}
