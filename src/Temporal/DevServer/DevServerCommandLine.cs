using System.CommandLine;
using System.Globalization;
using System.Net;
using System.CommandLine.Parsing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace ContentFlows.Temporal.DevServer;

/// <summary>
/// The program's command line: the root command (<c>--address</c>, <c>--ui-address</c>, ...) and
/// <c>server start-dev</c> with the Temporal CLI's flags, so tools that start <c>temporal server start-dev</c>
/// (the Temporal SDKs' <c>StartLocalAsync</c> with <c>ExistingPath</c>) can start this server instead; a lone port
/// argument runs it as the time-skipping test server (<c>StartTimeSkippingAsync</c> with <c>ExistingPath</c>).
/// </summary>
internal static class DevServerCommandLine
{
    /// <summary>Exit code for settings that parse but make no valid server (System.CommandLine uses 1 for parse errors).</summary>
    private const int InvalidSettingsExitCode = 2;

    public static RootCommand Create()
    {
        var address = new Option<string>("--address") { Description = "Listen address host:port (port 0 picks a free one).", DefaultValueFactory = _ => "127.0.0.1:7233" };
        var uiAddress = new Option<string>("--ui-address") { Description = "History UI listen address host:port (port 0 picks a free one), \"auto\" (gRPC port + 1000) or \"off\".", DefaultValueFactory = _ => DevServerOptions.AutoUiAddress };
        var namespaces = new Option<string[]>("--namespace") { Description = "Namespaces to create at start (repeatable).", DefaultValueFactory = _ => ["default"], AllowMultipleArgumentsPerToken = true };
        var testServerPort = new Argument<int?>("port")
        {
            Description = "Run as Temporal's time-skipping test server on 127.0.0.1:<port> (how the Temporal SDKs start temporal-test-server), with no UI.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        testServerPort.Validators.Add(result =>
        {
            // Checked on the token: converting a word that is no number would throw instead of reporting.
            if (result.Tokens.Count == 0)
            {
                return;
            }

            var token = result.Tokens[0].Value;
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
            {
                result.AddError(token.StartsWith('-')
                    ? $"unknown option '{token}' (the Temporal CLI's server flags go after 'server start-dev')."
                    : $"port must be 0-{IPEndPoint.MaxPort}, got '{token}'.");
            }
        });
        var shared = new SharedOptions(defaultLogLevel: "info");
        var root = new RootCommand("ContentFlows Temporal-compatible dev server") { testServerPort, address, uiAddress, namespaces, StartDevCommand.CreateServerCommand() };
        shared.AddTo(root);
        root.SetAction((parse, cancellationToken) =>
        {
            var options = parse.GetValue(testServerPort) is { } port
                ? new DevServerOptions("127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture)) { UiAddress = "off", TimeSkipping = true }
                : new DevServerOptions(parse.GetValue(address)!) { UiAddress = parse.GetValue(uiAddress) };
            options.Namespaces.Clear();
            foreach (var name in parse.GetValue(namespaces)!)
            {
                options.Namespaces.Add(name);
            }

            return RunAsync(parse, shared, options, name => parse.GetResult(name) is OptionResult { Implicit: false }, cancellationToken);
        });
        return root;
    }

    /// <summary>Applies the options both commands have, reads --config, then runs the server until Ctrl+C or SIGTERM.</summary>
    internal static async Task<int> RunAsync(ParseResult parse, SharedOptions shared, DevServerOptions options, Func<string, bool> givenOnCommandLine, CancellationToken cancellationToken)
    {
        options.Store = parse.GetValue(shared.Store);
        options.PostgresConnectionString = parse.GetValue(shared.Postgres);
        options.PostgresSchema = parse.GetValue(shared.PostgresSchema)!;
        options.ApiKey = parse.GetValue(shared.ApiKey);
        options.TlsCertPath = parse.GetValue(shared.TlsCertPath)?.FullName;
        options.TlsKeyPath = parse.GetValue(shared.TlsKeyPath)?.FullName;
        options.TlsClientCaPath = parse.GetValue(shared.TlsClientCaPath)?.FullName;
        var log = new DevServerLogSettings(parse.GetValue(shared.LogLevel)!, parse.GetValue(shared.LogFormat)!);
        try
        {
            if (parse.GetValue(shared.Config) is { } file)
            {
                StackConfigFile.Load(file.FullName).ApplyTo(options, givenOnCommandLine);
            }

            options.Validate();
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return InvalidSettingsExitCode;
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSerilog((_, configuration) => log.Configure(configuration));
        builder.Services.AddSingleton(options);
        var exit = new DevServerExit();
        builder.Services.AddSingleton(exit);
        builder.Services.AddHostedService<DevServerService>();
        using var host = builder.Build();
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return exit.ExitCode;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Said even with --log-level never: the server did not start (a port in use, PostgreSQL unreachable).
            await Console.Error.WriteLineAsync($"error: the dev server stopped: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>The options of both commands: the store, logging and the stack config file.</summary>
    internal sealed class SharedOptions(string defaultLogLevel)
    {
        public Option<DevServerStoreKind> Store { get; } = new("--store") { Description = "Where state lives: Memory or Postgres.", DefaultValueFactory = _ => DevServerStoreKind.Memory };

        public Option<string?> Postgres { get; } = new("--postgres") { Description = "Npgsql connection string for --store postgres." };

        public Option<string> PostgresSchema { get; } = new("--postgres-schema") { Description = "Schema for the server's tables.", DefaultValueFactory = _ => "temporal_dev" };

        public Option<string?> ApiKey { get; } = new("--api-key") { Description = "Require this key on both ports (gRPC: authorization: Bearer <key>; UI: the same, or HTTP Basic with it as password)." };

        // `temporal server start-dev` has no TLS flags; these take the CLI's client flag names (--tls-cert-path, ...) for the server's side.
        public Option<FileInfo?> TlsCertPath { get; } = new("--tls-cert-path") { Description = "PEM certificate the gRPC port presents: it then serves TLS instead of plain HTTP/2 (needs --tls-key-path)." };

        public Option<FileInfo?> TlsKeyPath { get; } = new("--tls-key-path") { Description = "PEM private key of --tls-cert-path." };

        public Option<FileInfo?> TlsClientCaPath { get; } = new("--tls-client-ca-path") { Description = "PEM CA certificate client certificates must be issued by (mTLS): connections without one are refused." };

        public Option<FileInfo?> Config { get; } = new("--config") { Description = "A temporal-dev.yml to read settings from; command-line options win." };

        public Option<string> LogLevel { get; } = new Option<string>("--log-level") { Description = "Log level: debug, info, warn, error or never. Logs go to stderr.", DefaultValueFactory = _ => defaultLogLevel }
            .AcceptOnlyFromAmong(DevServerLogSettings.Levels);

        public Option<string> LogFormat { get; } = new Option<string>("--log-format") { Description = "Log format: text, json (pretty is text).", DefaultValueFactory = _ => "text" }
            .AcceptOnlyFromAmong(DevServerLogSettings.Formats);

        public void AddTo(Command command)
        {
            command.Options.Add(Store);
            command.Options.Add(Postgres);
            command.Options.Add(PostgresSchema);
            command.Options.Add(Config);
            command.Options.Add(ApiKey);
            command.Options.Add(TlsCertPath);
            command.Options.Add(TlsKeyPath);
            command.Options.Add(TlsClientCaPath);
            command.Options.Add(LogLevel);
            command.Options.Add(LogFormat);
        }
    }
}
