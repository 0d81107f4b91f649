using System.Globalization;
using ContentFlows.Activities.Content;
using ContentFlows.Activities.Costs;
using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Persistence;
using ContentFlows.Activities.Pipelines;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Publishing;
using ContentFlows.Activities.Runs;
using Temporalio.Client;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Worker.Demo;

/// <summary>
/// The README's demo: seeds a project and a pipeline definition, runs one pipeline on the running worker, approves
/// it as a reviewer would, and prints where to look — the history, the versions with their scores, the costs, the files.
/// </summary>
internal sealed class PipelineDemo(
    DatabaseMigrator migrator,
    ProjectStore projects,
    PipelineDefinitionStore definitions,
    PipelineRunLauncher launcher,
    ContentVersionStore versions,
    LlmCallStore calls,
    StaticSitePublisher publisher,
    StaticSiteOptions site)
{
    public const string Reviewer = "demo-reviewer";

    // Fixed so repeated runs on a persistent database reuse the project; each run adds a definition version.
    private static readonly Guid ProjectId = new("c0a7e9f1-5eed-4d3e-8000-00000000de70");

    // Polling the status query is how a client watches a run; the deadline bounds a worker that never came up.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public async Task RunAsync(string taskQueue, string uiAddress, TextWriter output, CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var project = await EnsureProjectAsync(cancellationToken).ConfigureAwait(false);
        var definition = await definitions.AddVersionAsync(
            project.Id,
            "demo-landing-page",
            [
                StageDefinition.Create("research"),
                StageDefinition.Create("extract"),
                StageDefinition.Create("audience", new { maxPersonas = 2 }),
                StageDefinition.Create("generate", new { targetWords = 200 }),
                StageDefinition.Create("quality-gates", new { judges = new[] { "brand-voice", "factuality" } }),
                StageDefinition.Create("rewrite", new { maxRounds = 3 }),
                StageDefinition.Create("approval", new { timeoutSeconds = 3600, onTimeout = "escalate" }),
                StageDefinition.Create("publish", new { channel = "static-files" }),
            ],
            cancellationToken).ConfigureAwait(false);
        var brief = new ContentBrief(
            "Acme Mesh Router",
            "busy families",
            "product-page",
            "en",
            ["mesh wifi", "home network"],
            "The Acme Mesh Router covers 120 square metres and connects up to 64 devices.",
            [new BriefSource(BriefSourceKind.Text, "Setup takes 10 minutes with the Acme app.", "Support notes")]);

        var handle = await launcher.StartAsync(project.Id, definition.DefinitionId, definition.Version, brief, taskQueue, cancellationToken).ConfigureAwait(false);
        var runId = Guid.ParseExact(handle.Id["pipeline-".Length..], "N");
        await output.WriteLineAsync($"Started pipeline \"{definition.Name}\" v{definition.Version} as workflow {handle.Id}").ConfigureAwait(false);

        var waiting = await WaitUntilAsync(handle, status => status.AwaitingApproval || status.State is PipelineRunState.Rejected or PipelineRunState.Published or PipelineRunState.Completed, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"Awaiting approval of v{waiting.Versions[^1]} (gate score {waiting.Score}, {waiting.RewriteRounds} rewrite round(s)); approving as {Reviewer}").ConfigureAwait(false);
        await handle.SignalAsync(wf => wf.ApproveAsync(new ApprovalDecision(ApprovalDecisionKind.Approve, Reviewer, "Looks good.")), new WorkflowSignalOptions { Rpc = new RpcOptions { CancellationToken = cancellationToken } }).ConfigureAwait(false);
        var result = await handle.GetResultAsync(rpcOptions: new RpcOptions { CancellationToken = cancellationToken }).ConfigureAwait(false);

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"Run finished: {result.State} (final version v{result.FinalVersion}, score {result.Score})").ConfigureAwait(false);
        await output.WriteLineAsync($"Workflow id: {handle.Id}").ConfigureAwait(false);
        await output.WriteLineAsync($"History:     http://{uiAddress}/namespaces/default/workflows/{handle.Id}").ConfigureAwait(false);
        await output.WriteLineAsync("Versions:").ConfigureAwait(false);
        foreach (var version in await versions.ListAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            var gate = version.GateReport is { } report
                ? $"score {report.Score}, {(report.Passed ? "passed" : "failed")}{(report.Issues.Count > 0 ? ": " + string.Join(", ", report.Issues.Select(i => i.Code).Distinct(StringComparer.Ordinal)) : string.Empty)}"
                : "not gated";
            await output.WriteLineAsync($"  v{version.Version} {version.Kind.ToString().ToLowerInvariant(),-10} {gate}  \"{version.Fields.Title}\"").ConfigureAwait(false);
        }

        var costRows = await calls.ListAsync(runId, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync("Costs:").ConfigureAwait(false);
        foreach (var call in costRows)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {call.Stage,-14} {call.Model,-18} {call.PromptTokens,6} + {call.CompletionTokens,5} tokens  {call.Cost:0.000000} {call.Currency}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  total {costRows.Sum(c => c.Cost):0.000000} {costRows.FirstOrDefault()?.Currency} over {costRows.Count} LLM call(s)")).ConfigureAwait(false);
        await output.WriteLineAsync("Published files:").ConfigureAwait(false);
        foreach (var publication in await publisher.ListAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            var page = Path.Combine(site.RootDirectory, publication.Location);
            await output.WriteLineAsync($"  {page}").ConfigureAwait(false);
            await output.WriteLineAsync($"  {Path.Combine(Path.GetDirectoryName(page)!, "index.html")}").ConfigureAwait(false);
        }
    }

    private static async Task<PipelineStatus> WaitUntilAsync(WorkflowHandle<PipelineWorkflow, PipelineResult> handle, Func<PipelineStatus, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = await handle.QueryAsync(wf => wf.Status, new WorkflowQueryOptions { Rpc = new RpcOptions { CancellationToken = cancellationToken } }).ConfigureAwait(false);
            if (condition(status))
            {
                return status;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Project> EnsureProjectAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await projects.GetAsync(ProjectId, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyNotFoundException)
        {
            var project = new Project(
                ProjectId,
                "Acme Home (demo)",
                "acme-demo",
                new BrandProfile
                {
                    VoiceAndTone = "Plain, friendly, specific.",
                    BannedPhrases = ["world-class", "synergy"],
                    RequiredPhrases = ["Made in Berlin"],
                    Glossary = new Dictionary<string, string> { ["mesh wifi"] = "two words, lower case" },
                },
                new QualityThresholds { MinScore = 80 },
                new LlmSettings { DefaultModel = "offline", Currency = "USD", Prices = new Dictionary<string, ModelPrice> { [OfflineTextGenerator.ModelName] = new(500m, 1500m) } })
            {
                Publishing = new PublishingSettings { RequireApproval = true },
            };
            await projects.CreateAsync(project, cancellationToken).ConfigureAwait(false);
            return project;
        }
    }
}
