using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Extensions.Hosting;
using ContentFlows.Temporal.Sdk.Tests.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ContentFlows.Temporal.Sdk.Tests.Extensions.Hosting;

[Collection(WorkerEnvironmentCollection.Name)]
public sealed class TemporalHostingServiceCollectionExtensionsTests(WorkerEnvironmentFixture fixture)
{
    [Fact]
    public async Task AddHostedTemporalWorker_ScopedActivities_EachInvocationGetsItsOwnScope()
    {
        var taskQueue = "hosted-" + Guid.NewGuid().ToString("N");
        var tracker = new ScopeTracker();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(tracker);
        builder.Services.AddScoped<GreetingFormatter>();
        builder.Services.AddTemporalClient(fixture.Environment.TargetHost);
        builder.Services.AddHostedTemporalWorker(taskQueue)
            .AddScopedActivities<ScopedGreetingActivities>()
            .AddWorkflow<HostedGreetingWorkflow>()
            .ConfigureOptions(options => options.MaxConcurrentActivities = 5);
        using var host = builder.Build();

        await host.StartAsync();
        string result;
        try
        {
            var client = host.Services.GetRequiredService<ITemporalClient>();
            result = await client.ExecuteWorkflowAsync(
                (HostedGreetingWorkflow wf) => wf.RunAsync("Ada"),
                new WorkflowOptions("hosted-" + Guid.NewGuid().ToString("N"), taskQueue));
        }
        finally
        {
            await host.StopAsync();
        }

        var created = tracker.Created.Order().ToList();
        Assert.Equal(2, created.Count);
        Assert.Equal($"Hello, Ada (formatter {created[0]}) | Hello, Ada (formatter {created[1]})", result);
        Assert.Equal(created, tracker.Disposed.Order());
    }

    [Fact]
    public void AddHostedTemporalWorker_ConfigureOptions_AppliedToNamedOptions()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new ScopeTracker());
        services.AddScoped<GreetingFormatter>();
        services.AddHostedTemporalWorker("queue-a")
            .AddScopedActivities<ScopedGreetingActivities>()
            .ConfigureOptions(options => options.GracefulShutdownTimeout = TimeSpan.FromSeconds(3));
        services.AddHostedTemporalWorker("queue-b").AddSingletonActivities<ScopedGreetingActivities>();
        using var provider = services.BuildServiceProvider();

        var monitor = provider.GetRequiredService<IOptionsMonitor<TemporalWorkerServiceOptions>>();
        var a = monitor.Get("queue-a");
        var b = monitor.Get("queue-b");

        Assert.Equal("queue-a", a.TaskQueue);
        Assert.Equal(TimeSpan.FromSeconds(3), a.GracefulShutdownTimeout);
        Assert.Equal(["Greet"], a.Activities.Select(d => d.Name));
        Assert.Equal("queue-b", b.TaskQueue);
        Assert.Equal(TimeSpan.Zero, b.GracefulShutdownTimeout);
        Assert.Equal(2, provider.GetServices<IHostedService>().Count());
    }

    [Fact]
    public void AddTemporalClient_NoTargetHost_FailsNamingTheOption()
    {
        var services = new ServiceCollection();
        services.AddTemporalClient();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<ITemporalClient>());

        Assert.Contains("TargetHost", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddHostedTemporalWorker_OwnClientOptions_ConnectsAndRuns()
    {
        var taskQueue = "hosted-own-" + Guid.NewGuid().ToString("N");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(new ScopeTracker());
        builder.Services.AddScoped<GreetingFormatter>();
        builder.Services.AddHostedTemporalWorker(fixture.Environment.TargetHost, "default", taskQueue)
            .AddTransientActivities<ScopedGreetingActivities>()
            .AddWorkflow<HostedGreetingWorkflow>();
        using var host = builder.Build();

        await host.StartAsync();
        try
        {
            var result = await fixture.Client.ExecuteWorkflowAsync(
                (HostedGreetingWorkflow wf) => wf.RunAsync("Grace"),
                new WorkflowOptions("hosted-own-" + Guid.NewGuid().ToString("N"), taskQueue));
            Assert.StartsWith("Hello, Grace", result, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
