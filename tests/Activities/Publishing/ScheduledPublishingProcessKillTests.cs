using System.Globalization;
using ContentFlows.Activities.Hosting;
using ContentFlows.Activities.Persistence;
using ContentFlows.Activities.Pipelines;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Publishing;
using ContentFlows.Activities.Runs;
using ContentFlows.Activities.Temporal;
using ContentFlows.Activities.Tests.Temporal;
using ContentFlows.Activities.Tests.Pipelines;
using ContentFlows.Temporal.InteropTests.Infrastructure;
using ContentFlows.Workflows;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Testing;
using Xunit.Abstractions;

namespace ContentFlows.Activities.Tests.Publishing;

/// <summary>
/// A publication scheduled two hours ahead on the official SDK's time-skipping environment (our dev server's executable),
/// served by the worker host as a process of its own that is SIGKILLed while the run waits on its timer: a second worker
/// publishes at the scheduled time, once.
/// </summary>
public sealed class ScheduledPublishingProcessKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ScheduledIn = TimeSpan.FromHours(2);
    private readonly PostgresFixture postgres = new();
    private readonly string appSchema = PostgresFixture.NewSchemaName();
    private readonly string directory = Path.Combine(Path.GetTempPath(), "contentflows-scheduled-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string taskQueue = "scheduled-publish-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<ChildProcess> workers = [];
    private WorkflowEnvironment? environment;
    private ServiceProvider? services;

    private string PublishDirectory => Path.Combine(directory, "published");

    public async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        Directory.CreateDirectory(directory);
        environment = await WorkflowEnvironment.StartTimeSkippingAsync(new()
        {
            DataConverter = ContentFlowsDataConverter.Plain,
            TestServer = new() { ExistingPath = LocalDevServer.ExecutablePath },
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }

        if (services is not null)
        {
            await services.DisposeAsync();
        }

        if (environment is not null)
        {
            await environment.ShutdownAsync();
        }

        await postgres.DropSchemaAsync(appSchema);
        await postgres.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task PublishAt_TwoHoursAheadWorkerKilledWhileWaiting_PublishedAtThatTimeOnce()
    {
        var env = environment!;
        var address = env.Client.Connection.Options.TargetHost!;
        var config = WriteConfig(address);
        var firstWorker = StartWorker(config, "worker-1");
        services = BuildClientServices(address);
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var (project, definition) = await SeedAsync(services);

        var publishAt = await env.GetCurrentTimeAsync() + ScheduledIn;
        var started = await services.GetRequiredService<PipelineRunLauncher>().StartAsync(
            project.Id, definition.DefinitionId, definition.Version, Brief(), taskQueue, CancellationToken.None, publishAt: new Dictionary<string, DateTimeOffset> { ["static-files"] = publishAt });
        var handle = env.Client.GetWorkflowHandle<PipelineWorkflow, PipelineResult>(started.Id);
        var runId = Guid.ParseExact(started.Id["pipeline-".Length..], "N");

        await WaitForStatusAsync(handle, s => s.AwaitingApproval);
        await handle.SignalAsync(wf => wf.ApproveAsync(new ApprovalDecision(ApprovalDecisionKind.Approve, "editor")));

        // Waiting on the timer: nothing published yet. Time stands still here, as nobody waits for the result.
        var waiting = await WaitForStatusAsync(handle, s => s.CurrentStage == PipelineStageTypes.Publish && s.ScheduledPublications is [{ Published: false }]);
        Assert.Equal(publishAt, waiting.ScheduledPublications![0].PublishAt);
        await WaitForPublicationTimerAsync(handle);
        Assert.Equal(0L, await CountAsync($"SELECT COUNT(*) FROM \"{appSchema}\".publications WHERE run_id = '{runId}'"));

        firstWorker.Kill();
        Assert.True(await firstWorker.WaitForExitAsync(TimeSpan.FromSeconds(10)), "the first worker did not die");
        StartWorker(config, "worker-2");

        // The server skips its clock two hours ahead (a handle fetched by id does not skip time while awaiting its result).
        PipelineResult result;
        try
        {
            await env.DelayAsync(ScheduledIn).WaitAsync(Deadline);
            result = await handle.GetResultAsync().WaitAsync(Deadline);
        }
        catch (TimeoutException)
        {
            var events = (await handle.FetchHistoryAsync()).Events.Select(e => $"{e.EventId} {e.EventType} {e.EventTime.ToDateTimeOffset():O}");
            output.WriteLine(string.Join("\n", events));
            output.WriteLine(workers[^1].LogText());
            throw;
        }

        Assert.Equal(PipelineRunState.Published, result.State);
        var history = await handle.FetchHistoryAsync();
        // The approval stage's timeout timer is cancelled by the approval; the publication's fires.
        var fired = history.Events.Single(e => e.EventType == EventType.TimerFired);
        var timer = history.Events.Single(e => e.EventType == EventType.TimerStarted && e.TimerStartedEventAttributes.TimerId == fired.TimerFiredEventAttributes.TimerId);
        var publishScheduled = history.Events.Where(e => e.ActivityTaskScheduledEventAttributes?.ActivityType.Name == "publish").ToList();
        Assert.Single(publishScheduled);
        Assert.True(fired.EventId < publishScheduled[0].EventId, "the publish activity was scheduled before the timer fired");
        Assert.True(publishScheduled[0].EventTime.ToDateTimeOffset() >= publishAt, $"published at {publishScheduled[0].EventTime.ToDateTimeOffset():O}, scheduled for {publishAt:O}");
        Assert.InRange(timer.TimerStartedEventAttributes.StartToFireTimeout.ToTimeSpan(), ScheduledIn - TimeSpan.FromMinutes(1), ScheduledIn);
        Assert.Contains(history.Events, e => e.MarkerRecordedEventAttributes?.Details["patch-data"].Payloads_[0].Data.ToStringUtf8().Contains("scheduled-publishing", StringComparison.Ordinal) == true);

        // Once: one publication row, one published version, one page; the schedule row says published.
        Assert.Equal(1L, await CountAsync($"SELECT COUNT(*) FROM \"{appSchema}\".publications WHERE run_id = '{runId}'"));
        Assert.Equal(1L, await CountAsync($"SELECT COUNT(*) FROM \"{appSchema}\".content_versions WHERE run_id = '{runId}' AND kind = 'published'"));
        Assert.Single(Directory.GetFiles(PublishDirectory, "*.html", SearchOption.AllDirectories), f => !Path.GetFileName(f).StartsWith("index", StringComparison.Ordinal));
        var entries = await services.GetRequiredService<PublicationScheduleStore>().ListForRunAsync(runId, CancellationToken.None);
        Assert.Equal([("static-files", PublicationScheduleStatuses.Published)], entries.Select(e => (e.Channel, e.Status)));
        output.WriteLine($"published at {publishScheduled[0].EventTime.ToDateTimeOffset():O} for {publishAt:O}");
        PipelineHistoryRecorder.Record("pipeline-scheduled-publish.json", history.ToJson());
    }

    private static ContentBrief Brief() => new("Acme Mesh Router", "busy families", "product-page", "en", ["mesh wifi"], "The Acme Mesh Router covers 120 square metres.");

    private static Task<PipelineStatus> WaitForStatusAsync(WorkflowHandle<PipelineWorkflow, PipelineResult> handle, Func<PipelineStatus, bool> condition) =>
        WorkflowQueryPolling.UntilAsync(handle, wf => wf.Status, condition, Deadline, "The run");

    private static async Task WaitForPublicationTimerAsync(WorkflowHandle<PipelineWorkflow, PipelineResult> handle)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!(await handle.FetchHistoryAsync()).Events.Any(e => e.EventType == EventType.TimerStarted && e.TimerStartedEventAttributes.StartToFireTimeout.ToTimeSpan() > TimeSpan.FromHours(1)))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }

    private Task<long> CountAsync(string sql) => postgres.ScalarAsync<long>(sql);

    private ChildProcess StartWorker(string config, string name)
    {
        var worker = ChildProcess.Start(name, "dotnet", [RepositoryLayout.WorkerDll(), "--config", config], directory);
        workers.Add(worker);
        return worker;
    }

    private string WriteConfig(string address)
    {
        var connection = new NpgsqlConnectionStringBuilder(postgres.ConnectionString);
        var path = Path.Combine(directory, "temporal-dev.yml");
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"""
            devServer:
              address: {address}
            worker:
              taskQueue: {taskQueue}
              databaseSchema: {appSchema}
              publishDirectory: published
            postgres:
              host: {connection.Host}
              port: {connection.Port}
              database: {connection.Database}
              username: {connection.Username}
              password: {connection.Password}
            """));
        return path;
    }

    private ServiceProvider BuildClientServices(string address)
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddContentPipelineActivities(new ContentFlowsDatabaseOptions(postgres.ConnectionString, appSchema), new StaticSiteOptions(PublishDirectory));
        collection.AddContentFlowsTemporalClient(new TemporalConnectionSettings { Address = address });
        return collection.BuildServiceProvider();
    }

    private static async Task<(Project Project, PinnedPipelineDefinition Definition)> SeedAsync(IServiceProvider provider)
    {
        var id = Guid.NewGuid();
        var project = new Project(id, "Acme Scheduled", "scheduled-" + id.ToString("N")[..8], new BrandProfile { VoiceAndTone = "Plain." }, new QualityThresholds { MinScore = 0 }, new LlmSettings { DefaultModel = "offline" })
        {
            Publishing = new PublishingSettings { TimeZone = "Europe/Berlin" },
        };
        await provider.GetRequiredService<ProjectStore>().CreateAsync(project, CancellationToken.None);
        var definition = await provider.GetRequiredService<PipelineDefinitionStore>().AddVersionAsync(
            project.Id,
            "scheduled-page",
            [StageDefinition.Create("generate", new { targetWords = 80 }), StageDefinition.Create("quality-gates"), StageDefinition.Create("approval"), StageDefinition.Create("publish", new { channel = "static-files" })],
            CancellationToken.None);
        return (project, definition);
    }
}
