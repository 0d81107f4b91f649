using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Worker;

namespace ContentFlows.Temporal.Extensions.Hosting;

/// <summary>Options of a hosted worker: the worker's options plus, optionally, how to connect its own client.</summary>
public class TemporalWorkerServiceOptions : TemporalWorkerOptions
{
    /// <summary>Initializes a new instance; the task queue is set by <c>AddHostedTemporalWorker</c>.</summary>
    public TemporalWorkerServiceOptions()
    {
    }

    /// <summary>Initializes a new instance polling <paramref name="taskQueue"/>.</summary>
    /// <param name="taskQueue">The task queue.</param>
    public TemporalWorkerServiceOptions(string taskQueue)
        : base(taskQueue)
    {
    }

    /// <summary>
    /// Gets or sets how the worker connects its own client at start. Null (the default): use the
    /// <see cref="ITemporalClient"/> registered in the container (see <c>AddTemporalClient</c>).
    /// </summary>
    public TemporalClientConnectOptions? ClientOptions { get; set; }
}
