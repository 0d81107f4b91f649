using System.Globalization;
using System.Text;
using ContentFlows.Activities.Batches;
using ContentFlows.Activities.Content;
using ContentFlows.Activities.Datasets;
using ContentFlows.Activities.Projects;
using ContentFlows.Workflows.Pipelines;
using Temporalio.Client;
using Temporalio.Common;
using ContentFlows.Workflows.Batches;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace ContentFlows.Activities.Tests.Batches;

[Collection(BatchEnvironmentCollection.Name)]
public sealed class BatchWorkflowEndToEndTests(BatchEnvironmentFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task RunAsync_2000ItemsPausedResumedAndFailuresRetried_EveryItemEndsExactlyOnceUnderTheHistoryBudget()
    {
        const int items = 2_000;

        // Well under Temporal's 10,000 events, so the chain takes several runs.
        const int budget = 3_000;
        var failing = Enumerable.Range(0, items).Where(i => i % 20 == 7).ToHashSet();
        var project = await fixture.CreateProjectAsync();
        var definition = await fixture.CreateDefinitionAsync(project.Id);
        var upload = await UploadAsync(project.Id, CatalogueCsv(items, failing, withBadRows: true), DataFileFormat.Csv);
        Assert.Equal((items, 3), (upload.StoredRows, upload.BadRowCount));

        fixture.Generator.FailMarkedPrompts = true;
        var options = new BatchOptions { MaxInFlight = 50, PageSize = 100, ResultFlushSize = 50, HistoryEventBudget = budget, RetryWindowSeconds = 600 };
        var handle = await Services.GetRequiredService<BatchLauncher>().StartAsync(project.Id, upload.DatasetId, definition.DefinitionId, definition.Version, ["en"], options, fixture.TaskQueue, CancellationToken.None);

        // Pause part-way: running children finish, then nothing moves until resume.
        await WaitForProgressAsync(handle, p => p.Completed >= 400);
        await handle.SignalAsync(wf => wf.PauseAsync());
        var paused = await WaitForProgressAsync(handle, p => p.Paused && p.Running == 0);
        var stillPaused = await handle.QueryAsync(wf => wf.Progress);
        Assert.Equal(paused.Completed + paused.Failed, stillPaused.Completed + stillPaused.Failed);
        Assert.True(paused.Pending > 0);
        await handle.SignalAsync(wf => wf.ResumeAsync());

        // Every unit ended; the marked ones failed and the batch waits for a retry.
        var settled = await WaitForProgressAsync(handle, p => p.Running == 0 && p.Pending == 0 && p.Completed + p.Failed == items);
        Assert.Equal((items - failing.Count, failing.Count), (settled.Completed, settled.Failed));
        Assert.True(settled.Cost > 0m);
        Assert.NotNull(settled.UnitsPerMinute);

        fixture.Generator.FailMarkedPrompts = false;
        await handle.SignalAsync(wf => wf.RetryFailedAsync());
        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal((items, items, 0, false), (result.Total, result.Completed, result.Failed, result.WasCancelled));
        Assert.True(result.Runs >= 3, $"expected several continue-as-new runs, got {result.Runs}");

        // The results table: one row per item, all completed, the retried ones by their second attempt.
        var rows = await Services.GetRequiredService<BatchStore>().ListResultsAsync(BatchIdOf(handle), CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, items), rows.Select(r => r.ItemIndex));
        Assert.All(rows, r => Assert.Equal((BatchItemStatus.Completed, "en"), (r.Status, r.Language)));
        Assert.All(rows, r => Assert.Equal(failing.Contains(r.ItemIndex) ? 1 : 0, r.Attempt));
        Assert.All(rows, r => Assert.True(r.FinalVersion >= 1 && r.Cost > 0m));
        Assert.Equal(result.Cost, rows.Sum(r => r.Cost) + await FailedAttemptsCostAsync(BatchIdOf(handle), failing));

        // The histories: every run under the budget, each child started once, nothing started while paused.
        var runs = await FetchRunChainAsync(handle);
        Assert.Equal(result.Runs, runs.Count);
        Assert.All(runs, run => Assert.True(run.Events.Count <= budget && run.Events.Count < 10_000, $"a run has {run.Events.Count} events"));
        var events = runs.SelectMany(r => r.Events).ToList();
        var childIds = events.Where(e => e.EventType == EventType.StartChildWorkflowExecutionInitiated)
            .Select(e => e.StartChildWorkflowExecutionInitiatedEventAttributes.WorkflowId)
            .ToList();
        Assert.Equal(items + failing.Count, childIds.Count);
        Assert.Equal(childIds.Count, childIds.Distinct(StringComparer.Ordinal).Count());
        var pauseAt = events.FindIndex(e => IsSignal(e, "pause"));
        var resumeAt = events.FindIndex(e => IsSignal(e, "resume"));
        Assert.True(pauseAt >= 0 && resumeAt > pauseAt);
        var startedWhilePaused = events.Skip(pauseAt).Take(resumeAt - pauseAt).Count(e => e.EventType == EventType.StartChildWorkflowExecutionInitiated);
        Assert.Equal(0, startedWhilePaused);

        // Export: a header and one line per item.
        using var csv = new MemoryStream();
        Assert.Equal(items, await Services.GetRequiredService<BatchResultExporter>().ExportAsync(BatchIdOf(handle), DataFileFormat.Csv, csv, CancellationToken.None));
        var lines = Encoding.UTF8.GetString(csv.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("item_index,language,status,final_version,score,cost,attempt,workflow_id,run_id,reason,title,", lines[0], StringComparison.Ordinal);
        Assert.Equal(items + 1, lines.Length);
        Assert.StartsWith("7,en,completed,", lines[8], StringComparison.Ordinal);
        Assert.Contains("-7-en-retry1,", lines[8], StringComparison.Ordinal);

        RecordHistory("batch-continue-as-new.json", runs[0].ToJson());
    }

    [Fact]
    public async Task RunAsync_MasterAndTwoLanguages_TranslationsStartAfterTheirMasterWithItsRun()
    {
        var project = await fixture.CreateProjectAsync();
        var definition = await fixture.CreateDefinitionAsync(project.Id);
        var upload = await UploadAsync(project.Id, CatalogueCsv(4, new HashSet<int>(), withBadRows: false), DataFileFormat.Csv);
        var handle = await Services.GetRequiredService<BatchLauncher>().StartAsync(
            project.Id, upload.DatasetId, definition.DefinitionId, definition.Version, ["en", "de", "fr"], new BatchOptions { MaxInFlight = 3 }, fixture.TaskQueue, CancellationToken.None);

        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal((12, 12, 1), (result.Total, result.Completed, result.Runs));
        var rows = await Services.GetRequiredService<BatchStore>().ListResultsAsync(BatchIdOf(handle), CancellationToken.None);
        Assert.Equal(12, rows.Count);
        var history = await handle.FetchHistoryAsync();
        var events = history.Events.ToList();
        var versions = Services.GetRequiredService<ContentVersionStore>();
        foreach (var item in Enumerable.Range(0, 4))
        {
            var master = rows.Single(r => r.ItemIndex == item && r.Language == "en");
            var masterClosed = events.FindIndex(e => e.EventType == EventType.ChildWorkflowExecutionCompleted && e.ChildWorkflowExecutionCompletedEventAttributes.WorkflowExecution.WorkflowId == master.WorkflowId);
            foreach (var language in new[] { "de", "fr" })
            {
                var translation = rows.Single(r => r.ItemIndex == item && r.Language == language);
                var started = events.FindIndex(e => e.EventType == EventType.StartChildWorkflowExecutionInitiated && e.StartChildWorkflowExecutionInitiatedEventAttributes.WorkflowId == translation.WorkflowId);
                Assert.True(masterClosed >= 0 && started > masterClosed, $"item {item} {language} started before its master finished");
                var childInput = events[started].StartChildWorkflowExecutionInitiatedEventAttributes.Input.Payloads_[0].Data.ToStringUtf8();
                Assert.Contains($"\"masterRunId\":\"{master.RunId}\"", childInput, StringComparison.Ordinal);
                Assert.Contains($"\"language\":\"{language}\"", childInput, StringComparison.Ordinal);

                // The translation starts from the master's final version, copied in, instead of drafting anew.
                Assert.Contains($"\"type\":\"{BatchTranslationDefinition.TranslateFromMasterStageType}\"", childInput, StringComparison.Ordinal);
                Assert.DoesNotContain("\"type\":\"generate\"", childInput, StringComparison.Ordinal);
                var masterVersion = await versions.GetAsync(master.RunId!.Value, master.FinalVersion!.Value, CancellationToken.None);
                var translated = await versions.ListAsync(translation.RunId!.Value, CancellationToken.None);
                Assert.Equal(2, translated.Count);
                Assert.Equal(masterVersion.Fields, translated[0].Fields);
                Assert.Equal((ContentVersionKind.Translated, language, 1), (translated[1].Kind, translated[1].Language, translated[1].DerivedFrom));
                Assert.Equal((2, BatchItemStatus.Completed), (translation.FinalVersion, translation.Status));
            }
        }

        RecordHistory("batch-translate-from-master.json", history.ToJson());
    }

    [Fact]
    public async Task RunAsync_ProjectTranslatePromptAndModel_BatchTranslationsUseThemAndKeepTheMasterCopyInItsLanguage()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var id = Guid.NewGuid();
        var project = new Project(
            id,
            "Acme Translations",
            "translations-" + tag,
            new BrandProfile(),
            new QualityThresholds { MinScore = 0 },
            new LlmSettings
            {
                DefaultModel = "offline",
                ModelsByStage = new Dictionary<string, string> { ["translate"] = "translator-" + tag },
                Prompts = new Dictionary<string, PromptOverride> { ["translate"] = new($"Translate for Acme ({tag}); keep every figure.") },
            });
        await Services.GetRequiredService<ProjectStore>().CreateAsync(project, CancellationToken.None);
        var definition = await fixture.CreateDefinitionAsync(project.Id);
        var upload = await UploadAsync(project.Id, CatalogueCsv(1, new HashSet<int>(), withBadRows: false), DataFileFormat.Csv);
        var handle = await Services.GetRequiredService<BatchLauncher>().StartAsync(
            project.Id, upload.DatasetId, definition.DefinitionId, definition.Version, ["en", "de"], new BatchOptions { MaxInFlight = 2 }, fixture.TaskQueue, CancellationToken.None);

        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal((2, 2), (result.Total, result.Completed));
        var translation = (await Services.GetRequiredService<BatchStore>().ListResultsAsync(BatchIdOf(handle), CancellationToken.None)).Single(r => r.Language == "de");

        // The translate-from-master stage asked with the project's translate prompt and model (the rest of the prompt kept).
        var request = Assert.Single(fixture.Generator.Requests, r => r.Messages[0].Content.Contains(tag, StringComparison.Ordinal));
        Assert.Equal(("translator-" + tag, $"Translate for Acme ({tag}); keep every figure."), (request.Model, request.Messages[0].Content));
        Assert.StartsWith("Localize this content from en into de.", request.Messages[^1].Content, StringComparison.Ordinal);

        // The master copy is stored in the master's language (not the brief's, which is German), the translation in German.
        var versions = await Services.GetRequiredService<ContentVersionStore>().ListAsync(translation.RunId!.Value, CancellationToken.None);
        Assert.Equal(
            [(ContentVersionKind.Generated, "en", (int?)null), (ContentVersionKind.Translated, "de", 1)],
            versions.Select(v => (v.Kind, v.Language, v.DerivedFrom)));
    }

    [Fact]
    public async Task RetryFailedAsync_MasterFailedWithTranslationsBlocked_RetriedMasterThenTranslatesFromItsNewRun()
    {
        var project = await fixture.CreateProjectAsync();
        var definition = await fixture.CreateDefinitionAsync(project.Id);
        var upload = await UploadAsync(project.Id, CatalogueCsv(3, new HashSet<int> { 1 }, withBadRows: false), DataFileFormat.Csv);
        fixture.Generator.FailMarkedPrompts = true;
        var handle = await Services.GetRequiredService<BatchLauncher>().StartAsync(
            project.Id, upload.DatasetId, definition.DefinitionId, definition.Version, ["en", "de"], new BatchOptions { RetryWindowSeconds = 600 }, fixture.TaskQueue, CancellationToken.None);

        // The failed master blocks its translation: both count as failed, and the translation never started.
        var settled = await WaitForProgressAsync(handle, p => p.Running == 0 && p.Pending == 0 && p.Completed + p.Failed == 6);
        Assert.Equal((4, 2), (settled.Completed, settled.Failed));
        var batchId = BatchIdOf(handle);

        // The results table lags the progress query by one flush; the deadline bounds the wait for it.
        using (var flushed = new CancellationTokenSource(Deadline))
        {
            while ((await Services.GetRequiredService<BatchStore>().ListResultsAsync(batchId, CancellationToken.None)).Count < 6)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), flushed.Token);
            }
        }
        var blocked = (await Services.GetRequiredService<BatchStore>().ListResultsAsync(batchId, CancellationToken.None)).Single(r => r.ItemIndex == 1 && r.Language == "de");
        Assert.Equal((BatchItemStatus.Failed, null), (blocked.Status, blocked.WorkflowId));

        fixture.Generator.FailMarkedPrompts = false;
        await handle.SignalAsync(wf => wf.RetryFailedAsync());
        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal((6, 6, 0), (result.Total, result.Completed, result.Failed));
        var rows = await Services.GetRequiredService<BatchStore>().ListResultsAsync(batchId, CancellationToken.None);
        Assert.Equal(6, rows.Count);
        var master = rows.Single(r => r.ItemIndex == 1 && r.Language == "en");
        var translation = rows.Single(r => r.ItemIndex == 1 && r.Language == "de");
        Assert.Equal((1, $"{batchId:N}-1-en-retry1"), (master.Attempt, master.WorkflowId));
        Assert.Equal((0, $"{batchId:N}-1-de", BatchItemStatus.Completed), (translation.Attempt, translation.WorkflowId, translation.Status));
        var events = (await handle.FetchHistoryAsync()).Events;
        var translationInput = events.Single(e => e.EventType == EventType.StartChildWorkflowExecutionInitiated && e.StartChildWorkflowExecutionInitiatedEventAttributes.WorkflowId == translation.WorkflowId)
            .StartChildWorkflowExecutionInitiatedEventAttributes.Input.Payloads_[0].Data.ToStringUtf8();
        Assert.Contains($"\"masterRunId\":\"{master.RunId}\"", translationInput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelAsync_ChildrenRunning_CancelsThemStartsNoMoreAndRecordsEveryStartedUnitOnce()
    {
        // Items 0 and 1 complete; the others hold in their generate stage until released.
        const int items = 12;
        var project = await fixture.CreateProjectAsync();
        var definition = await fixture.CreateDefinitionAsync(project.Id);
        var upload = await UploadAsync(project.Id, CatalogueCsv(items, new HashSet<int>(), withBadRows: false, holding: Enumerable.Range(2, items - 2).ToHashSet()), DataFileFormat.Csv);
        fixture.Holder.Hold();
        try
        {
            var handle = await Services.GetRequiredService<BatchLauncher>().StartAsync(
                project.Id, upload.DatasetId, definition.DefinitionId, definition.Version, ["en"], new BatchOptions { MaxInFlight = 4, ResultFlushSize = 1 }, fixture.TaskQueue, CancellationToken.None);

            await WaitForProgressAsync(handle, p => p.Completed == 2 && p.Running == 4);
            await WaitUntilAsync(() => fixture.Holder.Held == 4);
            await handle.SignalAsync(wf => wf.CancelAsync());
            var result = await handle.GetResultAsync().WaitAsync(Deadline);

            Assert.True(result.WasCancelled);
            Assert.Equal((2, items - 2), (result.Completed, result.Cancelled));
            var rows = await Services.GetRequiredService<BatchStore>().ListResultsAsync(BatchIdOf(handle), CancellationToken.None);
            Assert.Equal(Enumerable.Range(0, 6), rows.Select(r => r.ItemIndex));
            Assert.Equal([BatchItemStatus.Completed, BatchItemStatus.Completed], rows.Take(2).Select(r => r.Status));
            Assert.All(rows.Skip(2), r => Assert.Equal(BatchItemStatus.Cancelled, r.Status));

            // Each held child was asked once to cancel and ended cancelled; no other child was started.
            var history = await handle.FetchHistoryAsync();
            var events = history.Events;
            Assert.Equal(6, events.Count(e => e.EventType == EventType.StartChildWorkflowExecutionInitiated));
            var cancelRequests = events.Where(e => e.EventType == EventType.RequestCancelExternalWorkflowExecutionInitiated)
                .Select(e => e.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes.WorkflowExecution.WorkflowId)
                .Order(StringComparer.Ordinal)
                .ToList();
            Assert.Equal(rows.Skip(2).Select(r => r.WorkflowId!).Order(StringComparer.Ordinal), cancelRequests);
            foreach (var row in rows.Skip(2))
            {
                var child = await fixture.Client.GetWorkflowHandle(row.WorkflowId!).FetchHistoryAsync();
                Assert.Equal(EventType.WorkflowExecutionCanceled, child.Events.Last().EventType);
            }

            RecordHistory("batch-cancel-running-children.json", history.ToJson());
        }
        finally
        {
            fixture.Holder.Release();
        }
    }

    private IServiceProvider Services => fixture.Services;

    private static Guid BatchIdOf(WorkflowHandle handle) => Guid.ParseExact(handle.Id["batch-".Length..], "N");

    private static bool IsSignal(HistoryEvent e, string name) =>
        e.EventType == EventType.WorkflowExecutionSignaled && e.WorkflowExecutionSignaledEventAttributes.SignalName == name;

    private static string CatalogueCsv(int items, IReadOnlySet<int> failing, bool withBadRows, IReadOnlySet<int>? holding = null)
    {
        var csv = new StringBuilder("topic,audience,keywords,source_text,sku\n");
        for (var i = 0; i < items; i++)
        {
            var marker = failing.Contains(i) ? " " + FailOnMarkerTextGenerator.Marker : string.Empty;
            marker += holding?.Contains(i) == true ? " " + HoldOnMarkerTextGenerator.Marker : string.Empty;
            csv.Append(CultureInfo.InvariantCulture, $"Acme Kettle {i}{marker},tea lovers,electric kettle;fast boil,\"The Acme Kettle {i} boils 1.5 litres in 3 minutes.\",SKU-{i:D5}\n");
            if (withBadRows && i == 10)
            {
                csv.Append(",tea lovers,kettle,No topic here,SKU-X1\n");
                csv.Append("Acme Mug,\"mug\"gy fans,mug,Holds 300 ml,SKU-X2\n");
                csv.Append("Acme Lid,lid fans,lid\n");
            }
        }

        return csv.ToString();
    }

    private static async Task<BatchProgress> WaitForProgressAsync(WorkflowHandle<BatchWorkflow, BatchResult> handle, Func<BatchProgress, bool> condition)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            var progress = await handle.QueryAsync(wf => wf.Progress);

            if (condition(progress))
            {
                return progress;
            }

            // Polling the query is the only way to observe the workflow from outside; the deadline bounds it.
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!condition())
        {
            // The worker runs in this process; its state is only observable by looking again, bounded by the deadline.
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
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

    private async Task<DatasetImportReport> UploadAsync(Guid projectId, string content, DataFileFormat format)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        return await Services.GetRequiredService<DatasetImporter>().ImportAsync(projectId, "catalogue", stream, format, CancellationToken.None);
    }

    // Follows the chain of runs from the first through each continue-as-new.
    private async Task<IReadOnlyList<WorkflowHistory>> FetchRunChainAsync(WorkflowHandle handle)
    {
        var runs = new List<WorkflowHistory>();
        string? runId = handle.FirstExecutionRunId ?? handle.RunId;
        while (runId is not null)
        {
            var history = await fixture.Client.GetWorkflowHandle(handle.Id, runId).FetchHistoryAsync();
            runs.Add(history);
            var last = history.Events.Last();
            runId = last.EventType == EventType.WorkflowExecutionContinuedAsNew ? last.WorkflowExecutionContinuedAsNewEventAttributes.NewExecutionRunId : null;
        }

        return runs;
    }

    // The failed first attempts of the retried items cost too, and the batch counts them.
    private async Task<decimal> FailedAttemptsCostAsync(Guid batchId, IReadOnlySet<int> failing)
    {
        var sum = 0m;
        foreach (var item in failing)
        {
            var runId = BatchRunIds.For(batchId, new BatchUnit(item, "en", 0));
            sum += await fixture.Postgres.ScalarAsync<decimal?>($"SELECT SUM(cost) FROM \"{fixture.Schema}\".llm_calls WHERE run_id = '{runId}'") ?? 0m;
        }

        return sum;
    }
}
