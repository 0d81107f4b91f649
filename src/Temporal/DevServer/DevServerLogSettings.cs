using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace ContentFlows.Temporal.DevServer;

/// <summary>
/// How the dev server program logs: the Temporal CLI's <c>--log-level</c> and <c>--log-format</c> mapped onto
/// Serilog. Logs go to stderr; stdout carries only the readiness lines scripts wait for.
/// </summary>
internal sealed record DevServerLogSettings(string Level, string Format)
{
    /// <summary>The values <c>--log-level</c> accepts, as the Temporal CLI names them.</summary>
    public static readonly string[] Levels = ["debug", "info", "warn", "error", "never"];

    /// <summary>The values <c>--log-format</c> accepts: the Temporal CLI's text and json, and its legacy name for text, pretty.</summary>
    public static readonly string[] Formats = ["text", "json", "pretty"];

    private const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>Configures the logger; "never" leaves it without sinks, so nothing is written.</summary>
    public void Configure(LoggerConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        LogEventLevel? minimum = Level switch
        {
            "debug" => LogEventLevel.Debug,
            "info" => LogEventLevel.Information,
            "warn" => LogEventLevel.Warning,
            "error" => LogEventLevel.Error,
            "never" => null,
            _ => throw new ArgumentException($"log level must be one of {string.Join(", ", Levels)}, got '{Level}'.", nameof(Level)),
        };
        if (minimum is not { } level)
        {
            return;
        }

        // Kestrel's and Grpc.AspNetCore's per-call lines (every cancelled long poll, every NotFound) drown the server's own below debug.
        var frameworkLevel = level == LogEventLevel.Debug ? LogEventLevel.Debug : (LogEventLevel)Math.Max((int)level, (int)LogEventLevel.Warning);
        configuration.MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft.AspNetCore", frameworkLevel)
            .MinimumLevel.Override("Grpc.AspNetCore", frameworkLevel);
        _ = Format switch
        {
            "json" => configuration.WriteTo.Console(new JsonFormatter(renderMessage: true), standardErrorFromLevel: LogEventLevel.Verbose),
            "text" or "pretty" => configuration.WriteTo.Console(outputTemplate: TextTemplate, standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: null),
            _ => throw new ArgumentException($"log format must be one of {string.Join(", ", Formats)}, got '{Format}'.", nameof(Format)),
        };
    }
}
