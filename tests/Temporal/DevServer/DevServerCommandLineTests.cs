using System.Net;
using System.Net.Sockets;
using Temporalio.Activities;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Testing;
using Temporalio.Worker;
using Temporalio.Workflows;

namespace ContentFlows.Temporal.DevServer.Tests;

/// <summary>
/// The dev server started the way Temporal .NET users start theirs: the official SDK's
/// <see cref="WorkflowEnvironment.StartLocalAsync"/> with <c>ExistingPath</c> at our executable, which
/// receives the SDK's <c>server start-dev</c> arguments unmodified.
/// </summary>
public sealed class DevServerCommandLineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static readonly SearchAttributeKey<string> CustomerId = SearchAttributeKey.CreateKeyword("CustomerId");

    [Fact]
    public async Task StartLocalAsync_ExistingPath_RunsWorkflowWithActivityAndTimer()
    {
        await using var env = await StartLocalAsync(new());
        var (_, result, history) = await RunGreetingAsync(env.Client, "Ada", searchAttributes: null);

        Assert.Equal("Hello, Ada", result);
        var types = history.Events.Select(e => e.EventType).ToList();
        Assert.Contains(EventType.TimerStarted, types);
        Assert.Contains(EventType.TimerFired, types);
        Assert.Contains(EventType.ActivityTaskCompleted, types);
        Assert.Equal(EventType.WorkflowExecutionCompleted, types[^1]);
        Assert.True(types.IndexOf(EventType.TimerFired) < types.IndexOf(EventType.ActivityTaskScheduled), "the timer fires before the activity is scheduled");
    }

    [Fact]
    public async Task StartLocalAsync_WithUi_ServesHistoryUiOnTheSdksUiPort()
    {
        var uiPort = FreePort();
        await using var env = await StartLocalAsync(new() { UI = true, UIPort = uiPort });
        using var http = new HttpClient { Timeout = Deadline };

        var page = await http.GetStringAsync(new Uri($"http://127.0.0.1:{uiPort}/"));

        Assert.Contains("<title>ContentFlows · Temporal dev server</title>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartLocalAsync_SearchAttributes_RegisteredAndUsableInListQuery()
    {
        await using var env = await StartLocalAsync(new() { SearchAttributes = [CustomerId] });
        var acme = await RunGreetingAsync(env.Client, "acme", new SearchAttributeCollection.Builder().Set(CustomerId, "acme").ToSearchAttributeCollection());
        await RunGreetingAsync(env.Client, "globex", new SearchAttributeCollection.Builder().Set(CustomerId, "globex").ToSearchAttributeCollection());

        var found = new List<WorkflowExecution>();
        await foreach (var execution in env.Client.ListWorkflowsAsync("CustomerId = 'acme'"))
        {
            found.Add(execution);
        }

        var only = Assert.Single(found);
        Assert.Equal(acme.WorkflowId, only.Id);
        Assert.Equal("acme", only.TypedSearchAttributes.Get(CustomerId));
    }

    [Fact]
    public async Task StartDev_UnknownFlag_ExitsNonZeroNamingTheFlag()
    {
        var (exitCode, _, stderr) = await DevServerExecutable.RunToExitAsync(Deadline, "server", "start-dev", "--port", "0", "--headless", "--no-such-flag");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--no-such-flag", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--dynamic-config-value", "unknown option '--dynamic-config-value'")]
    [InlineData("seventy", "port must be 0-65535, got 'seventy'")]
    [InlineData("70000", "port must be 0-65535, got '70000'")]
    public async Task Root_ArgumentThatIsNoPort_ExitsNonZeroWithMessageNotAStackTrace(string argument, string message)
    {
        var (exitCode, stdout, stderr) = await DevServerExecutable.RunToExitAsync(Deadline, "--address", "127.0.0.1:0", argument, "x=1");

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening on", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartDev_DbFilename_RefusedNamingThePostgresStore()
    {
        var (exitCode, stdout, stderr) = await DevServerExecutable.RunToExitAsync(Deadline, "server", "start-dev", "--port", "0", "--headless", "--db-filename", "state.db");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--store postgres", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening on", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--search-attribute", "CustomerId=Nonsense", "--search-attribute must be NAME=TYPE")]
    [InlineData("--search-attribute", "CustomIntField=Keyword", "'CustomIntField' is predefined as Int")]
    [InlineData("--dynamic-config-value", "frontend.enableUpdateWorkflowExecution=yes", "--dynamic-config-value must be KEY=VALUE with a JSON VALUE")]
    [InlineData("--log-level", "verbose", "'verbose'")]
    public async Task StartDev_BadValue_ExitsNonZeroWithMessage(string flag, string value, string message)
    {
        var (exitCode, stdout, stderr) = await DevServerExecutable.RunToExitAsync(Deadline, "server", "start-dev", "--port", "0", "--headless", flag, value);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening on", stdout, StringComparison.Ordinal);
    }

    private static Task<WorkflowEnvironment> StartLocalAsync(WorkflowEnvironmentStartLocalOptions options)
    {
        // The arguments stay the SDK's own; only the wait is longer, as test assemblies start side by side on two cores.
        options.DevServerOptions = new() { ExistingPath = DevServerExecutable.Path, StartupTimeout = TimeSpan.FromSeconds(60) };
        return WorkflowEnvironment.StartLocalAsync(options);
    }

    private static async Task<(string WorkflowId, string Result, WorkflowHistory History)> RunGreetingAsync(ITemporalClient client, string name, SearchAttributeCollection? searchAttributes)
    {
        var taskQueue = $"greeting-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<GreetingWorkflow>().AddActivity(GreetingActivities.Greet));
        using var timeout = new CancellationTokenSource(Deadline);
        return await worker.ExecuteAsync(
            async () =>
            {
                var handle = await client.StartWorkflowAsync(
                    (GreetingWorkflow wf) => wf.RunAsync(name),
                    new(id: $"greeting-{name}-{Guid.NewGuid():N}", taskQueue) { TypedSearchAttributes = searchAttributes, Rpc = new() { CancellationToken = timeout.Token } });
                var result = await handle.GetResultAsync(rpcOptions: new() { CancellationToken = timeout.Token });
                return (handle.Id, result, await handle.FetchHistoryAsync());
            },
            timeout.Token);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits on a timer, then greets through an activity.</summary>
    [Workflow]
    public sealed class GreetingWorkflow
    {
        [WorkflowRun]
        public async Task<string> RunAsync(string name)
        {
            await Workflow.DelayAsync(TimeSpan.FromMilliseconds(200));
            return await Workflow.ExecuteActivityAsync(() => GreetingActivities.Greet(name), new() { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
        }
    }

    /// <summary>The greeting activity.</summary>
    public static class GreetingActivities
    {
        [Activity]
        public static string Greet(string name) => $"Hello, {name}";
    }
}
