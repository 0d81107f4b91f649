using Temporalio.Api.Update.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// One update of a run. <see cref="Status"/> changes inside an engine operation; <see cref="Published"/>
/// follows it only once that operation is durable, and callers wait on the published one, so nobody
/// hears of an acceptance or outcome the store could still lose. Used under the engine's lock.
/// </summary>
internal sealed class WorkflowUpdate
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WorkflowUpdate(string id, Request? request, long admissionOrder)
    {
        Id = id;
        Request = request;
        AdmissionOrder = admissionOrder;
    }

    public string Id { get; }

    /// <summary>Gets or sets the caller's request: kept until accepted, then it lives in the UpdateAccepted event.</summary>
    public Request? Request { get; set; }

    /// <summary>Gets the order of admission; updates are sent to the worker in this order, as on Temporal.</summary>
    public long AdmissionOrder { get; }

    public long AcceptedEventId { get; set; }

    /// <summary>Gets or sets a value indicating whether the request reached the workflow as an UpdateAdmitted event (a reset's reapply), not as a message.</summary>
    public bool AdmittedInHistory { get; set; }

    public WorkflowUpdateStatus Status { get; set; } = WorkflowUpdateStatus.Admitted;

    public WorkflowUpdateStatus Published { get; private set; } = WorkflowUpdateStatus.Admitted;

    /// <summary>Gets a task that completes at the next published change.</summary>
    public Task Changed => _changed.Task;

    /// <summary>Makes the current status visible to callers and wakes those waiting.</summary>
    public void Publish()
    {
        if (ReferenceEquals(Published, Status))
        {
            return;
        }

        Published = Status;
        var previous = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }
}
