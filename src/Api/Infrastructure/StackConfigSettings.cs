using System.Globalization;
using ContentFlows.Api.OperatorConsole;
using ContentFlows.Worker;

namespace ContentFlows.Api.Infrastructure;

/// <summary>
/// Turns temporal-dev.yml (read by the worker's <see cref="StackConfigFile"/>, compiled in by link) into the API's
/// configuration keys: the worker's Temporal address, namespace, task queue and database schema, and the api section.
/// </summary>
internal static class StackConfigSettings
{
    /// <summary>Where the API listens when the api section names no address.</summary>
    public const string DefaultAddress = "127.0.0.1:5080";

    /// <summary>
    /// The settings to add over appsettings.json. Keys already set (by environment variables, for instance
    /// ContentFlows__SecretsKey, which the worker reads too) are left alone, so the environment wins.
    /// </summary>
    public static Dictionary<string, string?> For(StackConfigFile stack, IConfiguration existing)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(existing);
        var worker = stack.ToWorkerOptions();
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = "http://" + (stack.Api.Address ?? DefaultAddress),
            [$"{ApiOptions.SectionName}:TemporalAddress"] = worker.TemporalAddress,
            [$"{ApiOptions.SectionName}:Namespace"] = worker.Namespace,
            [$"{ApiOptions.SectionName}:TaskQueue"] = worker.TaskQueue,
            [$"{ApiOptions.SectionName}:PostgresConnectionString"] = worker.PostgresConnectionString,
            [$"{ApiOptions.SectionName}:DatabaseSchema"] = worker.DatabaseSchema,
            [$"{ApiOptions.SectionName}:TemporalTls:ServerName"] = worker.TemporalTls?.ServerName,
            [$"{ApiOptions.SectionName}:TemporalTls:ServerRootCaCertPath"] = worker.TemporalTls?.ServerRootCaCertPath,
            [$"{ApiOptions.SectionName}:TemporalTls:ClientCertPath"] = worker.TemporalTls?.ClientCertPath,
            [$"{ApiOptions.SectionName}:TemporalTls:ClientPrivateKeyPath"] = worker.TemporalTls?.ClientPrivateKeyPath,
        };
        if (stack.Temporal.Encryption is { } encryption)
        {
            Default($"{ApiOptions.SectionName}:PayloadEncryption:CurrentKeyId", encryption.CurrentKeyId);
            Default($"{ApiOptions.SectionName}:PayloadEncryption:RequireEncryption", encryption.RequireEncryption?.ToString(CultureInfo.InvariantCulture));
            foreach (var (id, key) in encryption.Keys ?? [])
            {
                Default($"{ApiOptions.SectionName}:PayloadEncryption:Keys:{id}", key);
            }

            var origins = encryption.CodecServerOrigins ?? (stack.DevServer.UiAddress is { } ui ? ["http://" + ui] : []);
            for (var i = 0; i < origins.Count; i++)
            {
                Default($"{ApiOptions.SectionName}:CodecServerOrigins:{i}", origins[i]);
            }
        }

        foreach (var unset in settings.Where(s => s.Value is null).Select(s => s.Key).ToList())
        {
            settings.Remove(unset);
        }

        void Default(string key, string? value)
        {
            if (value is not null && string.IsNullOrEmpty(existing[key]))
            {
                settings[key] = value;
            }
        }

        // The console links each run to its history in the dev server's UI (Temporal's own UI serves the same paths).
        Default($"{ApiOptions.SectionName}:{ConsoleApi.HistoryUiUrlSetting}", stack.DevServer.UiAddress is { } historyUi ? "http://" + historyUi : null);
        RefuseFileKeysOffLoopback(stack, existing);
        Default($"{ApiOptions.SectionName}:TemporalApiKey", worker.TemporalApiKey);
        Default($"{ApiOptions.SectionName}:BootstrapAdminKey", stack.Api.BootstrapAdminKey);
        Default($"{ApiOptions.SectionName}:SecretsKey", stack.Api.SecretsKey);
        Default($"{ApiRateLimitOptions.SectionName}:PermitsPerSecond", stack.Api.RateLimit?.PermitsPerSecond?.ToString(CultureInfo.InvariantCulture));
        Default($"{ApiRateLimitOptions.SectionName}:Burst", stack.Api.RateLimit?.Burst?.ToString(CultureInfo.InvariantCulture));
        return settings;
    }

    // A key in a checked-in or shared file is fine for a laptop; once the API listens beyond loopback the bootstrap
    // key opens every project and the secrets key every secret, so they must come from the environment instead.
    private static void RefuseFileKeysOffLoopback(StackConfigFile stack, IConfiguration existing)
    {
        var address = stack.Api.Address ?? DefaultAddress;
        if (IsLoopback(address))
        {
            return;
        }

        var fromFile = new[]
        {
            ("api.bootstrapAdminKey", stack.Api.BootstrapAdminKey, "BootstrapAdminKey"),
            ("api.secretsKey", stack.Api.SecretsKey, "SecretsKey"),
        }.Where(k => k.Item2 is not null && string.IsNullOrEmpty(existing[$"{ApiOptions.SectionName}:{k.Item3}"])).ToList();
        if (fromFile.Count > 0)
        {
            throw new ArgumentException(
                $"{string.Join(" and ", fromFile.Select(k => k.Item1))} in the config file are refused while the API listens on {address}, beyond loopback: "
                + $"set {string.Join(" and ", fromFile.Select(k => $"{ApiOptions.SectionName}__{k.Item3}"))} in the environment instead, or listen on 127.0.0.1.");
        }
    }

    private static bool IsLoopback(string address)
    {
        var host = address.LastIndexOf(':') is var colon and > 0 && !address.EndsWith(']') ? address[..colon] : address;
        host = host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip));
    }
}
