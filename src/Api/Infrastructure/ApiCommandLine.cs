using ContentFlows.Api.Keys;
using ContentFlows.Worker;
using Serilog;
using Serilog.Events;

namespace ContentFlows.Api.Infrastructure;

/// <summary>
/// The API's command line: serve (the default), or <c>create-key</c> to mint a project API key from a shell (the local
/// stack's reviewer key). <c>--config temporal-dev.yml</c> reads the stack file; without it settings come from
/// appsettings.json and environment variables (ContentFlows__PostgresConnectionString, ...).
/// </summary>
internal static class ApiCommandLine
{
    public const string Usage =
        """
        Usage: ContentFlows.Api [--config temporal-dev.yml]
               ContentFlows.Api create-key --project-slug SLUG --name NAME [--role admin|editor|reviewer] [--config temporal-dev.yml]
        """;

    private static readonly HashSet<string> OwnOptions = ["--config", "--project-slug", "--name", "--role"];

    public static async Task<int> RunAsync(string[] args)
    {
        var createKey = args.Length > 0 && args[0] == CreateKeyCommand.Name;
        var options = ReadOptions(createKey ? args[1..] : args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        StackConfigFile? stack;
        try
        {
            stack = options.TryGetValue("--config", out var path) ? StackConfigFile.Load(path) : null;
        }
        catch (Exception e) when (e is ArgumentException or IOException)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        // create-key prints the key alone on stdout, so its log lines go to stderr.
        using var serilog = new LoggerConfiguration()
            .MinimumLevel.Is(createKey ? LogEventLevel.Warning : LogEventLevel.Information)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}", standardErrorFromLevel: createKey ? LogEventLevel.Verbose : null)
            .CreateLogger();
        WebApplication app;
        try
        {
            // Other "--name value" pairs (--urls, --ContentFlows:RateLimit:Burst ...) are ordinary ASP.NET Core settings.
            var hostArgs = options.Where(o => !OwnOptions.Contains(o.Key)).SelectMany(o => new[] { o.Key, o.Value }).ToArray();
            app = ContentFlowsApiApplication.Build(hostArgs, builder =>
            {
                builder.Services.AddSerilog(serilog);
                if (stack is not null)
                {
                    builder.Configuration.AddInMemoryCollection(StackConfigSettings.For(stack, builder.Configuration));
                }
            });
        }
        catch (ArgumentException e)
        {
            // A bad setting is the operator's to fix: say which, without a stack trace.
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        await using (app.ConfigureAwait(false))
        {
            if (createKey)
            {
                return await CreateKeyCommand.RunAsync(app.Services, options, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
            }

            await app.StartAsync().ConfigureAwait(false);

            // One stdout line scripts can wait for (eng/run.sh does), like the dev server's.
            await Console.Out.WriteLineAsync($"ContentFlows API listening on {string.Join(", ", app.Urls)}").ConfigureAwait(false);
            await app.WaitForShutdownAsync().ConfigureAwait(false);
            return 0;
        }
    }

    // "--name value" pairs; null when an option has no value or an argument is not an option.
    private static Dictionary<string, string>? ReadOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return null;
            }

            options[args[i]] = args[i + 1];
        }

        return options;
    }
}
