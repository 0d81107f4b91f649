using Temporalio.Api.Command.V1;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.Worker.Workflows;

/// <summary>A command the workflow issued that history has not recorded yet.</summary>
internal sealed class PendingCommand
{
    public PendingCommand(Command command, int activation, Action<HistoryEvent>? onRecorded)
    {
        Command = command;
        Activation = activation;
        OnRecorded = onRecorded;
    }

    /// <summary>Gets the command.</summary>
    public Command Command { get; }

    /// <summary>Gets the number of the activation that issued it.</summary>
    public int Activation { get; }

    /// <summary>Gets what to do with the history event that records it (e.g. remember the scheduled event id).</summary>
    public Action<HistoryEvent>? OnRecorded { get; }
}
