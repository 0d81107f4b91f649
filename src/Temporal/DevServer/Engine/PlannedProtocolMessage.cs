using Google.Protobuf;
using Temporalio.Api.Protocol.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>A protocol message of a workflow task completion, checked and paired with its update before anything is applied.</summary>
internal sealed class PlannedProtocolMessage
{
    public PlannedProtocolMessage(Message message, IMessage body, WorkflowUpdate update)
    {
        Message = message;
        Body = body;
        Update = update;
    }

    public Message Message { get; }

    /// <summary>Gets the unpacked body: an Acceptance, a Rejection or a Response.</summary>
    public IMessage Body { get; }

    public WorkflowUpdate Update { get; }

    public bool Applied { get; set; }
}
