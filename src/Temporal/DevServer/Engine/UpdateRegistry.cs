using Temporalio.Api.History.V1;
using Temporalio.Api.Update.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// A run's updates by id: admitted and sent ones live only here (volatile, as on Temporal); accepted and
/// completed ones are rebuilt from their history events, which is what deduplicates a retried request
/// after a restart. Rejected updates are forgotten, so a retry with the same id is a new update.
/// </summary>
internal sealed class UpdateRegistry
{
    private readonly Dictionary<string, WorkflowUpdate> _updates = new(StringComparer.Ordinal);
    private readonly List<WorkflowUpdate> _unpublished = [];
    private long _admissions;

    /// <summary>Gets or sets the messages of the workflow task completion being applied (null outside one).</summary>
    public List<PlannedProtocolMessage>? Plan { get; set; }

    public WorkflowUpdate? Find(string id) => _updates.GetValueOrDefault(id);

    public WorkflowUpdate Admit(string id, Request request)
    {
        var update = new WorkflowUpdate(id, request, ++_admissions);
        _updates[id] = update;
        return update;
    }

    /// <summary>Gets the updates a workflow task must carry: admitted or sent and not yet answered, in admission order.</summary>
    public IReadOnlyList<WorkflowUpdate> Outgoing() => _updates.Values
        .Where(u => u.Status.State is WorkflowUpdateState.Admitted or WorkflowUpdateState.Sent && !u.AdmittedInHistory)
        .OrderBy(u => u.AdmissionOrder)
        .ToList();

    public bool HasAdmitted => _updates.Values.Any(u => u.Status.State == WorkflowUpdateState.Admitted);

    public IEnumerable<WorkflowUpdate> InFlight => _updates.Values.Where(u => !u.Status.IsFinal);

    /// <summary>Changes an update's status; callers see it once <see cref="PublishAll"/> runs after the change is durable.</summary>
    public void SetStatus(WorkflowUpdate update, WorkflowUpdateStatus status)
    {
        update.Status = status;
        _unpublished.Add(update);
    }

    public void Forget(WorkflowUpdate update) => _updates.Remove(update.Id);

    public void PublishAll()
    {
        foreach (var update in _unpublished)
        {
            update.Publish();
        }

        _unpublished.Clear();
    }

    /// <summary>An UpdateAdmitted event (reapplied by a reset): the worker reads the request from history, so it is never sent as a message.</summary>
    public void ApplyAdmitted(HistoryEvent e)
    {
        var request = e.WorkflowExecutionUpdateAdmittedEventAttributes.Request;
        var id = request?.Meta?.UpdateId ?? string.Empty;
        if (!_updates.ContainsKey(id))
        {
            _updates[id] = new WorkflowUpdate(id, request, ++_admissions) { AdmittedInHistory = true, Status = WorkflowUpdateStatus.Sent };
        }
    }

    /// <summary>An UpdateAccepted event: the request now lives in history.</summary>
    public void ApplyAccepted(HistoryEvent e)
    {
        var attributes = e.WorkflowExecutionUpdateAcceptedEventAttributes;
        var id = attributes.ProtocolInstanceId;
        if (!_updates.TryGetValue(id, out var update))
        {
            update = new WorkflowUpdate(id, attributes.AcceptedRequest, ++_admissions);
            _updates[id] = update;
        }

        update.Request = attributes.AcceptedRequest ?? update.Request;
        update.AcceptedEventId = e.EventId;
        SetStatus(update, WorkflowUpdateStatus.Accepted);
    }

    public void ApplyCompleted(HistoryEvent e)
    {
        var attributes = e.WorkflowExecutionUpdateCompletedEventAttributes;
        var id = attributes.Meta?.UpdateId ?? string.Empty;
        if (!_updates.TryGetValue(id, out var update))
        {
            update = new WorkflowUpdate(id, null, ++_admissions) { AcceptedEventId = attributes.AcceptedEventId };
            _updates[id] = update;
        }

        SetStatus(update, new WorkflowUpdateStatus(WorkflowUpdateState.Completed, attributes.Outcome));
    }
}
