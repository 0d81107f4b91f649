using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.DevServer;

/// <summary>
/// Hands the web host's loggers to the factory the server was started with, so the host's own logging filters apply
/// on top (see <see cref="DevServerHost"/>); the factory stays its owner's to dispose.
/// </summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory loggerFactory) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => loggerFactory.CreateLogger(categoryName);

    public void Dispose()
    {
    }
}
