using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Hosting;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Persistence;
using ContentFlows.Activities.Publishing;
using ContentFlows.Activities.Temporal;
using ContentFlows.Worker;
using ContentFlows.Worker.Demo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

// Usage: ContentFlows.Worker [demo] [--config temporal-dev.yml]
// Without --config, settings come from appsettings.json and environment variables (ContentFlows__TemporalAddress, ...).
var demo = args.Contains("demo", StringComparer.Ordinal);
var configIndex = Array.IndexOf(args, "--config");
if (configIndex >= 0 && configIndex + 1 >= args.Length)
{
    Console.Error.WriteLine("--config needs a file, e.g. --config temporal-dev.yml");
    return 2;
}

StackConfigFile? stack = null;
ContentPipelineWorkerOptions? stackOptions = null;
if (configIndex >= 0)
{
    try
    {
        stack = StackConfigFile.Load(args[configIndex + 1]);
        stackOptions = stack.ToWorkerOptions();
    }
    catch (ArgumentException e)
    {
        // A bad setting is the operator's to fix: say which, without a stack trace.
        Console.Error.WriteLine($"{args[configIndex + 1]}: {e.Message}");
        return 2;
    }
}

var hostArgs = args.Where((arg, index) => arg != "demo" && index != configIndex && index != configIndex + 1).ToArray();

// The SDK's workflow and activity loggers log in scopes (WorkflowId, RunId, ActivityType, Attempt, ...): FromLogContext
// turns them into properties of every event. Workflow loggers skip replays, so a replayed task logs nothing twice.
var serilog = new LoggerConfiguration()
    .MinimumLevel.Is(demo ? LogEventLevel.Warning : LogEventLevel.Information)
    .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
    .Enrich.FromLogContext()
    .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}", standardErrorFromLevel: demo ? LogEventLevel.Verbose : null)
    .CreateLogger();

var builder = Host.CreateApplicationBuilder(hostArgs);
var options = stackOptions
    ?? builder.Configuration.GetSection(ContentPipelineWorkerOptions.SectionName).Get<ContentPipelineWorkerOptions>()
    ?? new ContentPipelineWorkerOptions();
if (stack is not null)
{
    // Project secrets are decrypted with the key the API encrypts them with: ContentFlows__SecretsKey, else the api section's local key.
    options.SecretsKey = builder.Configuration[$"{ContentPipelineWorkerOptions.SectionName}:{nameof(ContentPipelineWorkerOptions.SecretsKey)}"] ?? stack.Api.SecretsKey ?? string.Empty;

    // The stack file says nothing about prices: the default list comes from appsettings.json (or the environment) all the same.
    options.LlmPrices = builder.Configuration.GetSection($"{ContentPipelineWorkerOptions.SectionName}:{nameof(ContentPipelineWorkerOptions.LlmPrices)}").Get<LlmPriceList>() ?? options.LlmPrices;
}

builder.Services.AddSerilog(serilog, dispose: true);
if (stack is not null)
{
    builder.Services.AddSingleton(new OfflineTextGeneratorOptions { InjectFlawsIntoFirstDrafts = stack.Worker.OfflineFlawedFirstDrafts });
}

if (demo)
{
    // The demo is a client of the running worker: the stores and a Temporal client, no worker of its own.
    options.Validate();
    builder.Services.AddContentPipelineActivities(
        new ContentFlowsDatabaseOptions(options.PostgresConnectionString, options.DatabaseSchema),
        new StaticSiteOptions(Path.GetFullPath(options.PublishDirectory)));
    builder.Services.AddContentFlowsTemporalClient(options.TemporalConnection);
    builder.Services.AddSingleton<PipelineDemo>();
    using var demoHost = builder.Build();
    using var stopping = new CancellationTokenSource(TimeSpan.FromMinutes(5));
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stopping.Cancel();
    };
    await demoHost.Services.GetRequiredService<PipelineDemo>()
        .RunAsync(options.TaskQueue, stack?.DevServer.UiAddress ?? "127.0.0.1:8233", Console.Out, stopping.Token)
        .ConfigureAwait(false);
    return 0;
}

builder.Services.AddContentPipelineWorker(options);
using var host = builder.Build();

// eng/run.sh waits for this line: the hosted Temporal worker has started polling.
host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
    serilog.Information("Worker starting on task queue {TaskQueue} of namespace {Namespace} at {Address}", options.TaskQueue, options.Namespace, options.TemporalAddress));
await host.RunAsync().ConfigureAwait(false);
return 0;
