using System.CommandLine;
using ContentFlows.Temporal.DevServer;
using Serilog;
using Serilog.Extensions.Logging;

var address = new Option<string>("--address") { Description = "Listen address host:port (port 0 picks a free one).", DefaultValueFactory = _ => "127.0.0.1:7233" };
var uiAddress = new Option<string>("--ui-address") { Description = "History UI listen address host:port (port 0 picks a free one), \"auto\" (gRPC port + 1000) or \"off\".", DefaultValueFactory = _ => DevServerOptions.AutoUiAddress };
var store = new Option<DevServerStoreKind>("--store") { Description = "Where state lives: Memory or Postgres.", DefaultValueFactory = _ => DevServerStoreKind.Memory };
var postgres = new Option<string?>("--postgres") { Description = "Npgsql connection string for --store postgres." };
var schema = new Option<string>("--postgres-schema") { Description = "Schema for the server's tables.", DefaultValueFactory = _ => "temporal_dev" };
var namespaces = new Option<string[]>("--namespace") { Description = "Namespaces to create at start (repeatable).", DefaultValueFactory = _ => ["default"], AllowMultipleArgumentsPerToken = true };
var config = new Option<FileInfo?>("--config") { Description = "A temporal-dev.yml to read settings from; command-line options win." };
var root = new RootCommand("ContentFlows Temporal-compatible dev server") { address, uiAddress, store, postgres, schema, namespaces, config };
root.SetAction(async (parse, cancellationToken) =>
{
    Log.Logger = new LoggerConfiguration()
        .MinimumLevel.Information()
        .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
        .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}", standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose)
        .CreateLogger();
    using var loggerFactory = new SerilogLoggerFactory(Log.Logger, dispose: true);
    var options = new DevServerOptions(parse.GetValue(address)!)
    {
        UiAddress = parse.GetValue(uiAddress),
        Store = parse.GetValue(store),
        PostgresConnectionString = parse.GetValue(postgres),
        PostgresSchema = parse.GetValue(schema)!,
    };
    options.Namespaces.Clear();
    foreach (var name in parse.GetValue(namespaces)!)
    {
        options.Namespaces.Add(name);
    }

    try
    {
        if (parse.GetValue(config) is { } file)
        {
            StackConfigFile.Load(file.FullName).ApplyTo(options, name => parse.GetResult(name) is System.CommandLine.Parsing.OptionResult { Implicit: false });
        }

        await using var server = await DevServerHost.StartAsync(options, loggerFactory, cancellationToken);

        // Tests and scripts wait for this exact line on stdout.
        Console.WriteLine($"ContentFlows Temporal dev server listening on http://{server.Address}");
        if (server.UiAddress is not null)
        {
            Console.WriteLine($"ContentFlows Temporal dev server UI at http://{server.UiAddress}");
        }

        await server.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
    catch (ArgumentException e)
    {
        Log.Error("{Message}", e.Message);
        return 2;
    }
});
return await root.Parse(args).InvokeAsync();
