using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ContentFlows.Temporal.Sdk.Tests.Worker;

/// <summary>Writes log lines (with their scopes) to the xUnit test output, so a failing test shows what the worker did.</summary>
public sealed class TestOutputLoggerProvider(ITestOutputHelper testOutput) : ILoggerProvider, ISupportExternalScope
{
    private readonly ITestOutputHelper output = testOutput;
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public static ILoggerFactory CreateFactory(ITestOutputHelper output) =>
        LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(new TestOutputLoggerProvider(output)));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(TestOutputLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = string.Empty;
            provider.scopes.ForEachScope((s, _) => scope += s is IEnumerable<KeyValuePair<string, object>> pairs ? " " + string.Join(",", pairs.Select(p => $"{p.Key}={p.Value}")) : " " + s, (object?)null);
            try
            {
                provider.output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}{scope}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished; xUnit no longer accepts output.
            }
        }
    }
}
