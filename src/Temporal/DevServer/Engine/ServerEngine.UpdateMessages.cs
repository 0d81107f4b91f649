using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Protocol.V1;
using Temporalio.Api.Update.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// The update protocol inside workflow tasks: requests go out as messages on the task a worker starts;
/// its completion answers with Acceptance, Rejection and Response messages, ordered against commands by
/// PROTOCOL_MESSAGE commands, as Temporal's RespondWorkflowTaskCompleted handler processes them.
/// </summary>
internal sealed partial class ServerEngine
{
    /// <summary>Writes the started event; a speculative task keeps it out of history.</summary>
    private static void AppendWorkflowTaskStarted(WorkflowRun run, HistoryEvent started)
    {
        if (run.HasSpeculativeWorkflowTask)
        {
            run.StartSpeculativeWorkflowTask(started);
        }
        else if (run.HasTransientWorkflowTask)
        {
            run.StartTransientWorkflowTask(started);
        }
        else
        {
            run.Append(started);
        }
    }

    /// <summary>Adds the speculative task's events and the pending update requests to a started workflow task.</summary>
    private void AttachUpdateRequests(WorkflowRun run, PollWorkflowTaskQueueResponse response, Mutation m)
    {
        response.History.Events.AddRange(run.SpeculativeEvents);
        foreach (var update in run.Updates.Outgoing())
        {
            if (update.Request is null)
            {
                continue;
            }

            // Temporal sequences every request right before the task's started event.
            response.Messages.Add(new Message
            {
                Id = update.Id + "/request",
                ProtocolInstanceId = update.Id,
                EventId = response.StartedEventId - 1,
                Body = Any.Pack(update.Request),
            });
            if (update.Status.State == WorkflowUpdateState.Admitted)
            {
                run.Updates.SetStatus(update, WorkflowUpdateStatus.Sent);
            }
        }

        PublishUpdatesAfterCommit(run, m);
    }

    /// <summary>Checks a completion's messages against the updates' states before anything is applied.</summary>
    private (WorkflowTaskFailedCause Cause, string Message)? PlanProtocolMessages(WorkflowRun run, RespondWorkflowTaskCompletedRequest request)
    {
        run.Updates.Plan = null;
        if (request.Messages.Count == 0)
        {
            return null;
        }

        var byId = new Dictionary<string, Message>(StringComparer.Ordinal);
        foreach (var message in request.Messages)
        {
            byId[message.Id] = message;
        }

        // Messages named by commands come in command order, the others after them.
        var ordered = new List<Message>();
        foreach (var command in request.Commands)
        {
            if (command.ProtocolMessageCommandAttributes is { } attributes)
            {
                if (!byId.Remove(attributes.MessageId, out var referenced))
                {
                    return (WorkflowTaskFailedCause.BadUpdateWorkflowExecutionMessage, $"ProtocolMessageCommand referenced absent message ID {attributes.MessageId}.");
                }

                ordered.Add(referenced);
            }
        }

        ordered.AddRange(request.Messages.Where(message => byId.ContainsKey(message.Id)));
        var plan = new List<PlannedProtocolMessage>(ordered.Count);
        var states = new Dictionary<WorkflowUpdate, WorkflowUpdateState>();
        foreach (var message in ordered)
        {
            IMessage body;
            if (message.Body.TryUnpack<Acceptance>(out var acceptance))
            {
                body = acceptance;
            }
            else if (message.Body.TryUnpack<Rejection>(out var rejection))
            {
                body = rejection;
            }
            else if (message.Body.TryUnpack<Response>(out var response))
            {
                body = response;
            }
            else
            {
                return (WorkflowTaskFailedCause.BadUpdateWorkflowExecutionMessage, $"Unsupported protocol message body {message.Body?.TypeUrl}.");
            }

            var update = run.Updates.Find(message.ProtocolInstanceId) ?? Resurrect(run, message.ProtocolInstanceId, body);
            if (update is null)
            {
                return (WorkflowTaskFailedCause.BadUpdateWorkflowExecutionMessage, $"Update {message.ProtocolInstanceId} is not found.");
            }

            var state = states.GetValueOrDefault(update, update.Status.State);
            var next = (body, state) switch
            {
                (Acceptance or Rejection, WorkflowUpdateState.Admitted or WorkflowUpdateState.Sent) => body is Acceptance ? WorkflowUpdateState.Accepted : WorkflowUpdateState.Completed,
                (Response, WorkflowUpdateState.Accepted) => WorkflowUpdateState.Completed,
                _ => (WorkflowUpdateState?)null,
            };
            if (next is null)
            {
                return (WorkflowTaskFailedCause.BadUpdateWorkflowExecutionMessage, $"invalid state transition attempted for Update {update.Id}: received {body.Descriptor.Name} message while in {state} state");
            }

            states[update] = next.Value;
            plan.Add(new PlannedProtocolMessage(message, body, update));
        }

        run.Updates.Plan = plan;
        return null;
    }

    /// <summary>An update the server forgot (e.g. after a restart) comes back from the request the worker echoes.</summary>
    private static WorkflowUpdate? Resurrect(WorkflowRun run, string updateId, IMessage body)
    {
        var request = body switch
        {
            Acceptance acceptance => acceptance.AcceptedRequest,
            Rejection rejection => rejection.RejectedRequest,
            _ => null,
        };
        return request is null ? null : run.Updates.Admit(updateId, request);
    }

    /// <summary>A PROTOCOL_MESSAGE command: the message's event goes here, between the other commands' events.</summary>
    private void ApplyProtocolMessageCommand(WorkflowRun run, string messageId, Mutation m)
    {
        var planned = run.Updates.Plan?.FirstOrDefault(p => !p.Applied && p.Message.Id == messageId);
        if (planned is not null)
        {
            ApplyProtocolMessage(run, planned, m);
        }
    }

    private void ApplyProtocolMessage(WorkflowRun run, PlannedProtocolMessage planned, Mutation m)
    {
        planned.Applied = true;
        var update = planned.Update;
        switch (planned.Body)
        {
            case Acceptance acceptance:
                var accepted = NewEvent(EventType.WorkflowExecutionUpdateAccepted);
                accepted.WorkflowExecutionUpdateAcceptedEventAttributes = new WorkflowExecutionUpdateAcceptedEventAttributes
                {
                    ProtocolInstanceId = update.Id,
                    AcceptedRequestMessageId = update.Id + "/request",
                    AcceptedRequestSequencingEventId = acceptance.AcceptedRequestSequencingEventId,
                    AcceptedRequest = update.Request ?? acceptance.AcceptedRequest,
                };
                run.Append(accepted);
                m.Touch(run);
                break;
            case Response response:
                var completed = NewEvent(EventType.WorkflowExecutionUpdateCompleted);
                completed.WorkflowExecutionUpdateCompletedEventAttributes = new WorkflowExecutionUpdateCompletedEventAttributes
                {
                    Meta = response.Meta ?? new Meta { UpdateId = update.Id },
                    AcceptedEventId = update.AcceptedEventId,
                    Outcome = response.Outcome,
                };
                run.Append(completed);
                m.Touch(run);
                break;
            case Rejection rejection:
                // A rejection leaves no event: the update is forgotten, and a retry with its id is a new update.
                run.Updates.Forget(update);
                run.Updates.SetStatus(update, new WorkflowUpdateStatus(WorkflowUpdateState.Completed, new Outcome { Failure = rejection.Failure }));
                break;
        }

        PublishUpdatesAfterCommit(run, m);
    }

    /// <summary>
    /// After the commands: the remaining messages (rejections, mostly), then updates the worker was sent
    /// but did not answer are rejected for it, and updates admitted meanwhile get a speculative task.
    /// </summary>
    private void FinishProtocolMessages(WorkflowRun run, Mutation m)
    {
        var plan = run.Updates.Plan;
        run.Updates.Plan = null;
        if (!run.IsOpen)
        {
            return;
        }

        foreach (var planned in plan ?? [])
        {
            if (!planned.Applied)
            {
                ApplyProtocolMessage(run, planned, m);
            }
        }

        foreach (var update in run.Updates.Outgoing().Where(u => u.Status.State == WorkflowUpdateState.Sent))
        {
            run.Updates.Forget(update);
            run.Updates.SetStatus(update, new WorkflowUpdateStatus(WorkflowUpdateState.Completed, new Outcome { Failure = UnprocessedUpdateFailure() }));
        }

        PublishUpdatesAfterCommit(run, m);
        ScheduleSpeculativeWorkflowTask(run, m);
    }

    /// <summary>
    /// A speculative task answered with nothing but rejections is dropped, its events never written; the
    /// worker learns where to roll its history back to from ResetHistoryEventId.
    /// </summary>
    private RespondWorkflowTaskCompletedResponse? TryDiscardSpeculativeWorkflowTask(WorkflowRun run, RespondWorkflowTaskCompletedRequest request, Mutation m)
    {
        var eventsSinceLastTask = run.NextEventId - 1 - run.LastCompletedWorkflowTaskCompletedEventId;
        var eventsAllowed = request.Capabilities?.DiscardSpeculativeWorkflowTaskWithEvents == true ? DiscardSpeculativeWorkflowTaskMaximumEvents : 0;
        if (!run.HasSpeculativeWorkflowTask || request.Commands.Count > 0 || request.ForceCreateNewWorkflowTask
            || run.Buffered.Count > 0 || eventsSinceLastTask > eventsAllowed
            || request.Messages.Any(message => !message.Body.Is(Rejection.Descriptor))
            || PlanProtocolMessages(run, request) is not null)
        {
            return null;
        }

        AnswerQueries(run, request.QueryResults);
        run.DiscardSpeculativeWorkflowTask();
        FinishProtocolMessages(run, m);
        if (run.WorkflowTask is null)
        {
            foreach (var query in run.BufferedQueries)
            {
                DispatchQueryTask(run, query, m);
            }

            run.BufferedQueries.Clear();
        }

        return new RespondWorkflowTaskCompletedResponse { ResetHistoryEventId = run.LastCompletedWorkflowTaskStartedEventId };
    }
}
