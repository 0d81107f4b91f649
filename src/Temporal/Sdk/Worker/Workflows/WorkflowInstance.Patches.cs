using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.Worker.Workflows;

/// <content>
/// Patching, as sdk-core does it: a new run records a <c>core_patch</c> marker and takes the new path; a replay takes the
/// new path only if the marker is among the events recorded by the workflow task being replayed. The answer is fixed
/// per patch id for the rest of the run.
/// </content>
internal sealed partial class WorkflowInstance
{
    private readonly Dictionary<string, bool> patchAnswers = new(StringComparer.Ordinal);

    public bool Patched(string patchId, bool deprecated)
    {
        ArgumentException.ThrowIfNullOrEmpty(patchId);
        if (patchAnswers.TryGetValue(patchId, out var answer))
        {
            return answer;
        }

        EnsureCanIssueCommands();
        answer = !IsReplaying || patchesInThisTask.Contains(patchId);
        patchAnswers[patchId] = answer;
        if (answer)
        {
            var attributes = new RecordMarkerCommandAttributes { MarkerName = PatchMarker.Name };
            attributes.Details.Add(PatchMarker.Details(patchId, deprecated));
            AddCommand(new Command { CommandType = CommandType.RecordMarker, RecordMarkerCommandAttributes = attributes });
        }

        return answer;
    }
}
