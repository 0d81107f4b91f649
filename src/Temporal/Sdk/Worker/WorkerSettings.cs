using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Converters;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.Worker;

/// <summary>What the activity and workflow halves of a worker share, resolved once from the client and the options.</summary>
internal sealed record WorkerSettings(
    ITemporalClient Client,
    TemporalWorkerOptions Options,
    string Namespace,
    string TaskQueue,
    string Identity,
    DataConverter DataConverter,
    ILoggerFactory LoggerFactory,
    TimeProvider TimeProvider)
{
    /// <summary>Gets the payload codec step applied to poll responses and completions.</summary>
    public WorkerPayloadCodec Codec { get; } = new(DataConverter.PayloadCodec);
}
