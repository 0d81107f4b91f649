using ContentFlows.Temporal.Converters;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Client;

/// <summary>A described workflow run: <see cref="WorkflowExecution"/> plus the server's whole answer (pending activities, children, config).</summary>
public class WorkflowExecutionDescription : WorkflowExecution
{
    /// <summary>Initializes a new instance of the <see cref="WorkflowExecutionDescription"/> class.</summary>
    /// <param name="rawDescription">The server's answer, with payloads already decoded.</param>
    /// <param name="dataConverter">Converts memo values.</param>
    public WorkflowExecutionDescription(DescribeWorkflowExecutionResponse rawDescription, DataConverter dataConverter)
        : base(rawDescription?.WorkflowExecutionInfo ?? throw new ArgumentNullException(nameof(rawDescription)), dataConverter)
    {
        RawDescription = rawDescription;
    }

    /// <summary>Gets the server's answer, as received (payloads decoded).</summary>
    public DescribeWorkflowExecutionResponse RawDescription { get; }
}
