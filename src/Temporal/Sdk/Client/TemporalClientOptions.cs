using ContentFlows.Temporal.Converters;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContentFlows.Temporal.Client;

/// <summary>The settings a connected <see cref="ITemporalClient"/> works with (<see cref="ITemporalClient.Options"/>).</summary>
public class TemporalClientOptions
{
    /// <summary>Initializes a new instance of the <see cref="TemporalClientOptions"/> class with the defaults.</summary>
    public TemporalClientOptions()
    {
    }

    /// <summary>Gets or sets the namespace. Default <c>default</c>.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>Gets or sets the identity reported to the server. Default <c>pid@host</c>.</summary>
    public string Identity { get; set; } = $"{Environment.ProcessId}@{Environment.MachineName}";

    /// <summary>Gets or sets how values and failures are converted and encoded. Default <see cref="DataConverter.Default"/>.</summary>
    public DataConverter DataConverter { get; set; } = DataConverter.Default;

    /// <summary>Gets or sets the logger factory. Default <see cref="NullLoggerFactory.Instance"/>.</summary>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>Throws naming the first invalid property and its value.</summary>
    /// <exception cref="ArgumentException">A property is invalid.</exception>
    internal virtual void Validate()
    {
        var type = GetType().Name;
        if (string.IsNullOrWhiteSpace(Namespace))
        {
            throw new ArgumentException($"{type}.{nameof(Namespace)} must not be empty; was '{Namespace}'.", nameof(Namespace));
        }

        if (string.IsNullOrWhiteSpace(Identity))
        {
            throw new ArgumentException($"{type}.{nameof(Identity)} must not be empty; was '{Identity}'.", nameof(Identity));
        }

        if (DataConverter is null)
        {
            throw new ArgumentNullException(nameof(DataConverter), $"{type}.{nameof(DataConverter)} must not be null.");
        }

        if (LoggerFactory is null)
        {
            throw new ArgumentNullException(nameof(LoggerFactory), $"{type}.{nameof(LoggerFactory)} must not be null.");
        }
    }

    /// <summary>Copies the client settings (not connection settings).</summary>
    internal TemporalClientOptions CopyClientOptions() => new()
    {
        Namespace = Namespace,
        Identity = Identity,
        DataConverter = DataConverter,
        LoggerFactory = LoggerFactory,
    };
}
