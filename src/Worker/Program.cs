using ContentFlows.Activities.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;

// Settings come from appsettings.json and environment variables (ContentFlows__TemporalAddress, ...).
var builder = Host.CreateApplicationBuilder(args);
var options = builder.Configuration.GetSection(ContentPipelineWorkerOptions.SectionName).Get<ContentPipelineWorkerOptions>() ?? new ContentPipelineWorkerOptions();

// Serilog.Extensions.Hosting cannot be restored here; Serilog plugs in as a logging provider instead.
var serilog = new LoggerConfiguration()
    .MinimumLevel.Information()
    .Enrich.FromLogContext()
    .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
    .CreateLogger();
builder.Logging.ClearProviders();
builder.Logging.AddSerilog(serilog, dispose: true);

builder.Services.AddContentPipelineWorker(options);
using var host = builder.Build();
await host.RunAsync().ConfigureAwait(false);
