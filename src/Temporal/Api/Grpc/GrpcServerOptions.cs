using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>Options for a mapped gRPC service; read and validated once, when the service is mapped.</summary>
public sealed class GrpcServerOptions
{
    private const int DefaultMaxMessageSize = 128 * 1024 * 1024;

    /// <summary>Initializes a new instance of the <see cref="GrpcServerOptions"/> class with the defaults.</summary>
    public GrpcServerOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GrpcServerOptions"/> class with a logger.</summary>
    /// <param name="logger">Receives handler failures and protocol errors.</param>
    public GrpcServerOptions(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        Logger = logger;
    }

    /// <summary>
    /// Gets or sets the largest request message accepted, in bytes, before and after decompression.
    /// Default 128 MiB, what Temporal's clients accept (ASP.NET's 4 MiB is too small for Temporal).
    /// Larger requests get <see cref="GrpcStatusCode.ResourceExhausted"/>.
    /// </summary>
    public int MaxReceiveMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>
    /// Gets or sets the largest response message sent, in bytes. Default 128 MiB, the most Temporal's
    /// clients accept; a larger response is answered with <see cref="GrpcStatusCode.ResourceExhausted"/>.
    /// </summary>
    public int MaxSendMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>
    /// Gets or sets the logger. Default null: a logger named <c>ContentFlows.Temporal.Api.Grpc</c> from
    /// the application's <see cref="ILoggerFactory"/>, if it has one.
    /// </summary>
    public ILogger? Logger { get; set; }

    /// <summary>Throws naming the first invalid property and its value.</summary>
    internal void Validate()
    {
        if (MaxReceiveMessageSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReceiveMessageSize), MaxReceiveMessageSize, $"{nameof(GrpcServerOptions)}.{nameof(MaxReceiveMessageSize)} must be positive; was {MaxReceiveMessageSize}.");
        }

        if (MaxSendMessageSize <= 0 || MaxSendMessageSize > Array.MaxLength - 5)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSendMessageSize), MaxSendMessageSize, $"{nameof(GrpcServerOptions)}.{nameof(MaxSendMessageSize)} must be between 1 and {Array.MaxLength - 5}; was {MaxSendMessageSize}.");
        }
    }
}
