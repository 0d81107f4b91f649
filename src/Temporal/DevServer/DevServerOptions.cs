using System.Net;
using System.Text.Json;
using ContentFlows.Temporal.DevServer.Engine;
using ContentFlows.Temporal.DevServer.Visibility;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer;

/// <summary>Settings of a dev server instance.</summary>
public sealed class DevServerOptions
{
    /// <summary>The <see cref="UiAddress"/> value that derives the UI address from <see cref="Address"/>.</summary>
    public const string AutoUiAddress = "auto";

    /// <summary>Initializes a new instance with the defaults: 127.0.0.1:7233, namespace "default", in-memory store.</summary>
    public DevServerOptions()
    {
    }

    /// <summary>Initializes a new instance listening on <paramref name="address"/>.</summary>
    public DevServerOptions(string address)
    {
        Address = address;
    }

    /// <summary>Gets or sets the gRPC listen address as host:port; port 0 picks a free port. Default 127.0.0.1:7233.</summary>
    public string Address { get; set; } = "127.0.0.1:7233";

    /// <summary>Gets the namespaces that exist from the start. Default: "default".</summary>
    public IList<string> Namespaces { get; } = ["default"];

    /// <summary>Gets or sets the store. Default: <see cref="DevServerStoreKind.Memory"/>.</summary>
    public DevServerStoreKind Store { get; set; } = DevServerStoreKind.Memory;

    /// <summary>Gets or sets the Npgsql connection string; required with the PostgreSQL store.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Gets or sets the PostgreSQL schema holding the server's tables. Default "temporal_dev".</summary>
    public string PostgresSchema { get; set; } = "temporal_dev";

    /// <summary>
    /// Gets or sets the history UI's listen address as host:port (HTTP/1.1 and HTTP/2, so browsers can
    /// reach it); port 0 picks a free port; null or "off" serves no UI. Default "auto": the gRPC host
    /// with the gRPC port + 1000 (127.0.0.1:8233 for the default address; a free port when the gRPC
    /// port is 0), as <c>temporal server start-dev</c> derives its UI port.
    /// </summary>
    public string? UiAddress { get; set; } = AutoUiAddress;

    /// <summary>
    /// Gets the custom search attributes registered at start, name to type (Temporal's Text, Keyword, Int,
    /// Double, Bool, Datetime, KeywordList), as <c>temporal server start-dev --search-attribute</c> registers them.
    /// </summary>
    public IDictionary<string, IndexedValueType> SearchAttributes { get; } = new Dictionary<string, IndexedValueType>(StringComparer.Ordinal);

    /// <summary>
    /// Gets the dynamic config values given as <c>--dynamic-config-value KEY=VALUE</c>, key to JSON text.
    /// Honoured: <c>frontend.enableCancelWorkerPollsOnShutdown</c> and <c>system.enableActivityEagerExecution</c> (both
    /// true by default here). Others are kept and logged so Temporal tooling can pass them; this server's behaviour
    /// (updates enabled, no server version check) is what Temporal SDKs ask for with them.
    /// </summary>
    public IDictionary<string, string> DynamicConfigValues { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets the clock; tests may move it. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Gets or sets a value indicating whether the server skips time as Temporal's time-skipping test server does, and
    /// serves its TestService on the same port: time starts locked, and while unlocked with no workflow task or
    /// activity outstanding it jumps to the next timer. Starting the program with a port as its only argument
    /// (how the Temporal SDKs start <c>temporal-test-server</c>) turns this on. Default false.
    /// </summary>
    public bool TimeSkipping { get; set; }

    /// <summary>
    /// Gets or sets the API key both ports require (gRPC: <c>authorization: Bearer &lt;key&gt;</c>, as SDKs send their
    /// ApiKey option; UI: the same header or HTTP Basic with the key as password). Default null: no authentication.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets host names the UI answers to besides its own address (e.g. a name a reverse proxy forwards).</summary>
    public IList<string> UiHosts { get; } = [];

    /// <summary>Gets or sets fault-injection hooks; tests only, hence internal.</summary>
    internal DevServerTestHooks? TestHooks { get; set; }

    /// <summary>
    /// Gets or sets the PEM certificate the gRPC port presents; with <see cref="TlsKeyPath"/> it serves TLS instead of
    /// h2c (clients then connect with TLS and this certificate's CA). Default null: plain HTTP/2.
    /// </summary>
    public string? TlsCertPath { get; set; }

    /// <summary>Gets or sets the PEM private key of <see cref="TlsCertPath"/>.</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>
    /// Gets or sets the PEM CA certificate(s) client certificates must be issued by (mTLS): with it, a connection without
    /// a certificate from this CA is refused during the handshake. Needs <see cref="TlsCertPath"/>. Default null: no
    /// client certificates.
    /// </summary>
    public string? TlsClientCaPath { get; set; }

    /// <summary>Checks the settings once, naming the property and value at fault.</summary>
    public IPEndPoint Validate() => Validate(out _);

    /// <summary>Checks the settings once, naming the property and value at fault; also returns the UI endpoint, null when the UI is off.</summary>
    public IPEndPoint Validate(out IPEndPoint? uiEndpoint)
    {
        if (!IPEndPoint.TryParse(Address, out var endpoint))
        {
            throw new ArgumentException($"DevServerOptions.Address must be host:port with an IP address, got '{Address}'.", nameof(Address));
        }

        uiEndpoint = null;
        if (string.Equals(UiAddress, AutoUiAddress, StringComparison.OrdinalIgnoreCase))
        {
            // Tests start many servers on port 0: a fixed UI port would make them collide.
            var port = endpoint.Port == 0 || endpoint.Port + 1000 > IPEndPoint.MaxPort ? 0 : endpoint.Port + 1000;
            uiEndpoint = new IPEndPoint(endpoint.Address, port);
        }
        else if (!IsUiOff(UiAddress) && !IPEndPoint.TryParse(UiAddress!, out uiEndpoint))
        {
            throw new ArgumentException($"DevServerOptions.UiAddress must be host:port with an IP address, \"auto\" or \"off\", got '{UiAddress}'.", nameof(UiAddress));
        }

        if (Namespaces.Count == 0 || Namespaces.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("DevServerOptions.Namespaces must hold at least one non-empty name.", nameof(Namespaces));
        }

        if (Store == DevServerStoreKind.Postgres && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            throw new ArgumentException("DevServerOptions.PostgresConnectionString is required when Store is Postgres.", nameof(PostgresConnectionString));
        }

        ValidateTls();

        // The engine's own rules: system names are reserved, predefined custom fields keep their types.
        var registry = new SearchAttributeRegistry();
        foreach (var (name, type) in SearchAttributes)
        {
            if (string.IsNullOrWhiteSpace(name) || type == IndexedValueType.Unspecified || !Enum.IsDefined(type))
            {
                throw new ArgumentException($"DevServerOptions.SearchAttributes must map non-empty names to a search attribute type, got '{name}' = {type}.", nameof(SearchAttributes));
            }

            if (SearchAttributeRegistry.IsSystem(name) || SearchAttributeRegistry.IsPredefined(name))
            {
                throw new ArgumentException($"DevServerOptions.SearchAttributes: '{name}' is a system search attribute.", nameof(SearchAttributes));
            }

            if (registry.TryGetType(name, out var predefined) && predefined != type)
            {
                throw new ArgumentException($"DevServerOptions.SearchAttributes: '{name}' is predefined as {predefined}, got {type}.", nameof(SearchAttributes));
            }
        }

        foreach (var (key, value) in DynamicConfigValues)
        {
            if (string.IsNullOrWhiteSpace(key) || !IsJson(value))
            {
                throw new ArgumentException($"DevServerOptions.DynamicConfigValues must map non-empty keys to JSON values, got '{key}' = '{value}'.", nameof(DynamicConfigValues));
            }

            if (HistoryLimits.Keys.Contains(key, StringComparer.Ordinal))
            {
                if (!long.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit) || limit <= 0)
                {
                    throw new ArgumentException($"DevServerOptions.DynamicConfigValues: '{key}' must be a positive integer, got '{value}'.", nameof(DynamicConfigValues));
                }
            }
            else if (DynamicConfigSettings.IsHonoured(key) && value.Trim() is not ("true" or "false"))
            {
                throw new ArgumentException($"DevServerOptions.DynamicConfigValues: '{key}' must be true or false, got '{value}'.", nameof(DynamicConfigValues));
            }
        }

        return endpoint;
    }

    /// <summary>Whether <paramref name="text"/> is one JSON value, as the Temporal CLI requires of dynamic config values.</summary>
    internal static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsUiOff(string? address) =>
        string.IsNullOrWhiteSpace(address) || string.Equals(address, "off", StringComparison.OrdinalIgnoreCase);

    private void ValidateTls()
    {
        if ((TlsCertPath is null) != (TlsKeyPath is null))
        {
            throw new ArgumentException($"DevServerOptions.TlsCertPath and TlsKeyPath go together (TLS needs the certificate and its key), got '{TlsCertPath}' and '{TlsKeyPath}'.", TlsCertPath is null ? nameof(TlsCertPath) : nameof(TlsKeyPath));
        }

        if (TlsClientCaPath is not null && TlsCertPath is null)
        {
            throw new ArgumentException($"DevServerOptions.TlsClientCaPath needs TlsCertPath and TlsKeyPath: client certificates are only asked for over TLS, got '{TlsClientCaPath}'.", nameof(TlsClientCaPath));
        }

        foreach (var (name, path) in new[] { (nameof(TlsCertPath), TlsCertPath), (nameof(TlsKeyPath), TlsKeyPath), (nameof(TlsClientCaPath), TlsClientCaPath) })
        {
            if (path is not null && !File.Exists(path))
            {
                throw new ArgumentException($"DevServerOptions.{name} names no file: '{path}'.", name);
            }
        }
    }
}
