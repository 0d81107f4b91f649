using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer;

/// <summary>
/// <c>server start-dev</c>: the Temporal CLI's dev-server flags and defaults (temporalio/cli, commands.yaml and
/// commands.server.go), so <c>WorkflowEnvironment.StartLocalAsync</c> with <c>ExistingPath</c> runs this server unmodified.
/// </summary>
internal static class StartDevCommand
{
    /// <summary>Search attribute types by the names the Temporal CLI accepts (case-insensitive, as there).</summary>
    private static readonly Dictionary<string, IndexedValueType> SearchAttributeTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Text"] = IndexedValueType.Text,
        ["Keyword"] = IndexedValueType.Keyword,
        ["Int"] = IndexedValueType.Int,
        ["Double"] = IndexedValueType.Double,
        ["Bool"] = IndexedValueType.Bool,
        ["Datetime"] = IndexedValueType.Datetime,
        ["KeywordList"] = IndexedValueType.KeywordList,
    };

    public static Command CreateServerCommand() => new("server", "Temporal CLI-compatible server commands.") { Create() };

    private static Command Create()
    {
        var ip = new Option<string>("--ip") { Description = "IP address the gRPC service binds (localhost means 127.0.0.1).", DefaultValueFactory = _ => "localhost" };
        var port = new Option<int>("--port", "-p") { Description = "Port of the gRPC service (0 picks a free one).", DefaultValueFactory = _ => 7233 };
        var uiIp = new Option<string?>("--ui-ip") { Description = "IP address the history UI binds. Defaults to --ip." };
        var uiPort = new Option<int?>("--ui-port") { Description = "Port of the history UI. Defaults to --port + 1000." };
        var headless = new Option<bool>("--headless") { Description = "Serve no history UI." };
        var namespaces = new Option<string[]>("--namespace", "-n") { Description = "Namespaces to create at start (repeatable); \"default\" is always created." };
        var dbFilename = new Option<string?>("--db-filename", "-f") { Description = "Refused: this server has no SQLite store; use --store postgres for state that outlives the process." };
        var dynamicConfig = new Option<string[]>("--dynamic-config-value") { Description = "Dynamic config KEY=VALUE, VALUE a JSON value (repeatable); frontend.enableCancelWorkerPollsOnShutdown and system.enableActivityEagerExecution are honoured, others accepted and logged." };
        var searchAttributes = new Option<string[]>("--search-attribute") { Description = "Search attribute NAME=TYPE to register (repeatable); TYPE is Text, Keyword, Int, Double, Bool, Datetime or KeywordList." };

        ip.Validators.Add(result => EachToken(result, value => ParseIp(value) is null ? $"--ip must be an IP address or localhost, got '{value}'." : null));
        uiIp.Validators.Add(result => EachToken(result, value => ParseIp(value) is null ? $"--ui-ip must be an IP address or localhost, got '{value}'." : null));
        port.Validators.Add(result => CheckPort(result, "--port"));
        uiPort.Validators.Add(result => CheckPort(result, "--ui-port"));
        dbFilename.Validators.Add(result => result.AddError(
            "--db-filename: this dev server has no SQLite store, and running in memory instead would silently drop the persistence asked for. "
            + "For state that outlives the process, use --store postgres --postgres \"Host=...;Username=...;Password=...;Database=...\" (eng/postgres.sh start prints one)."));
        dynamicConfig.Validators.Add(result => EachToken(result, value => TrySplit(value, out var key, out var json) && key.Length > 0 && DevServerOptions.IsJson(json)
            ? null
            : $"--dynamic-config-value must be KEY=VALUE with a JSON VALUE (e.g. frontend.enableUpdateWorkflowExecution=true), got '{value}'."));
        searchAttributes.Validators.Add(result => EachToken(result, value => TrySplit(value, out var name, out var type) && name.Length > 0 && SearchAttributeTypes.ContainsKey(type)
            ? null
            : $"--search-attribute must be NAME=TYPE with TYPE one of {string.Join(", ", SearchAttributeTypes.Keys)}, got '{value}'."));

        var shared = new DevServerCommandLine.SharedOptions(defaultLogLevel: "warn");
        var command = new Command("start-dev", "Start the dev server as `temporal server start-dev` would (same flags and defaults).")
        {
            ip, port, uiIp, uiPort, headless, namespaces, dbFilename, dynamicConfig, searchAttributes,
        };
        shared.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var host = ParseIp(parse.GetValue(ip)!)!;
            var grpcPort = parse.GetValue(port);
            var options = new DevServerOptions(new IPEndPoint(host, grpcPort).ToString());
            var uiHost = parse.GetValue(uiIp) is { } value ? ParseIp(value)! : null;
            options.UiAddress = parse.GetValue(headless) ? "off"
                : uiHost is null && parse.GetValue(uiPort) is null ? DevServerOptions.AutoUiAddress
                : new IPEndPoint(uiHost ?? host, parse.GetValue(uiPort) ?? Math.Min(grpcPort == 0 ? 0 : grpcPort + 1000, IPEndPoint.MaxPort)).ToString();
            foreach (var name in parse.GetValue(namespaces) ?? [])
            {
                if (!options.Namespaces.Contains(name))
                {
                    options.Namespaces.Add(name);
                }
            }

            foreach (var pair in parse.GetValue(dynamicConfig) ?? [])
            {
                TrySplit(pair, out var key, out var json);
                options.DynamicConfigValues[key] = json;
            }

            foreach (var pair in parse.GetValue(searchAttributes) ?? [])
            {
                TrySplit(pair, out var name, out var type);
                options.SearchAttributes[name] = SearchAttributeTypes[type];
            }

            // The stack file's settings give way to the start-dev flags that say the same thing.
            bool Given(Option option) => parse.GetResult(option) is OptionResult { Implicit: false };
            bool GivenOnCommandLine(string rootName) => rootName switch
            {
                "--address" => Given(ip) || Given(port),
                "--ui-address" => Given(uiIp) || Given(uiPort) || Given(headless),
                "--namespace" => Given(namespaces),
                _ => parse.GetResult(rootName) is OptionResult { Implicit: false },
            };
            return DevServerCommandLine.RunAsync(parse, shared, options, GivenOnCommandLine, cancellationToken);
        });
        return command;
    }

    private static IPAddress? ParseIp(string value) =>
        string.Equals(value, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(value, out var address) ? address
        : null;

    private static bool TrySplit(string pair, out string key, out string value)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        key = equals < 0 ? pair : pair[..equals];
        value = equals < 0 ? string.Empty : pair[(equals + 1)..];
        return equals >= 0;
    }

    private static void EachToken(OptionResult result, Func<string, string?> check)
    {
        foreach (var token in result.Tokens)
        {
            if (check(token.Value) is { } error)
            {
                result.AddError(error);
            }
        }
    }

    private static void CheckPort(OptionResult result, string name)
    {
        foreach (var token in result.Tokens)
        {
            if (int.TryParse(token.Value, System.Globalization.CultureInfo.InvariantCulture, out var value) && (value < 0 || value > IPEndPoint.MaxPort))
            {
                result.AddError($"{name} must be a port number 0-{IPEndPoint.MaxPort}, got {value}.");
            }
        }
    }
}
