using ContentFlows.Temporal.Converters;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.Testing;

/// <summary>Settings of <see cref="WorkflowEnvironment.StartLocalAsync"/>.</summary>
public sealed class WorkflowEnvironmentStartLocalOptions
{
    /// <summary>Gets or sets the namespace the server creates and the client uses. Default <c>default</c>.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>Gets or sets the client identity. Default: the client's default (<c>pid@host</c>).</summary>
    public string? Identity { get; set; }

    /// <summary>Gets or sets the client's data converter. Default <see cref="DataConverter.Default"/>.</summary>
    public DataConverter? DataConverter { get; set; }

    /// <summary>Gets or sets the logger factory of the server and the client. Default: no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Gets or sets the server's clock. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the IP address the server listens on (a free port is picked). Default 127.0.0.1.</summary>
    public string ListenIp { get; set; } = "127.0.0.1";
}
