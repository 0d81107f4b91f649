using ContentFlows.Temporal.Converters;
using ContentFlows.Temporal.Workflows;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.Worker.Workflows;

/// <summary>What a workflow instance needs from its worker.</summary>
/// <param name="Definition">The workflow definition.</param>
/// <param name="DataConverter">Converts arguments, results and failures (payloads arrive already decoded by the codec).</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="WorkflowId">The workflow id.</param>
/// <param name="RunId">The run id.</param>
/// <param name="LoggerFactory">Creates the workflow's replay-safe logger.</param>
internal sealed record WorkflowInstanceOptions(
    WorkflowDefinition Definition,
    DataConverter DataConverter,
    string Namespace,
    string WorkflowId,
    string RunId,
    ILoggerFactory LoggerFactory);
