using ContentFlows.Temporal.DevServer.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Ui.Api;

/// <summary>One run: describe it, and the actions an engineer takes on it (signal, query, cancel, terminate).</summary>
internal static class WorkflowRunApi
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(10);

    public static void MapWorkflowRunApi(this IEndpointRouteBuilder api)
    {
        var run = api.MapGroup("/namespaces/{ns}/workflows/{workflowId}/runs/{runId}");
        run.MapGet(string.Empty, Describe);
        run.MapPost("/signal", SignalAsync);
        run.MapPost("/query", QueryAsync);
        run.MapPost("/cancel", CancelAsync);
        run.MapPost("/terminate", TerminateAsync);
    }

    private static ContentHttpResult Describe(ServerEngine engine, string ns, string workflowId, string runId) =>
        ProtoJson.Ok(engine.DescribeWorkflowExecution(new DescribeWorkflowExecutionRequest { Namespace = ns, Execution = Execution(workflowId, runId) }));

    private static async Task<ContentHttpResult> SignalAsync(ServerEngine engine, string ns, string workflowId, string runId, SignalRequest body)
    {
        if (string.IsNullOrWhiteSpace(body.SignalName))
        {
            throw new UiRequestException("signalName is required.");
        }

        var response = await engine.SignalWorkflowExecutionAsync(new SignalWorkflowExecutionRequest
        {
            Namespace = ns,
            WorkflowExecution = Execution(workflowId, runId),
            SignalName = body.SignalName,
            Input = UiPayloads.FromJson(body.Input),
            Identity = UiPayloads.Identity,
            RequestId = Guid.NewGuid().ToString(),
        }).ConfigureAwait(false);
        return ProtoJson.Ok(response);
    }

    private static async Task<ContentHttpResult> QueryAsync(ServerEngine engine, TimeProvider time, string ns, string workflowId, string runId, QueryRequest body, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.QueryType))
        {
            throw new UiRequestException("queryType is required.");
        }

        var response = await engine.QueryWorkflowAsync(
            new QueryWorkflowRequest
            {
                Namespace = ns,
                Execution = Execution(workflowId, runId),
                Query = new WorkflowQuery { QueryType = body.QueryType, QueryArgs = UiPayloads.FromJson(body.Args) },
            },
            time.GetUtcNow() + QueryTimeout,
            cancellationToken).ConfigureAwait(false);
        return ProtoJson.Ok(response);
    }

    private static async Task<ContentHttpResult> CancelAsync(ServerEngine engine, string ns, string workflowId, string runId, ReasonRequest? body)
    {
        RequireReason(body, "cancel");
        var response = await engine.RequestCancelWorkflowExecutionAsync(new RequestCancelWorkflowExecutionRequest
        {
            Namespace = ns,
            WorkflowExecution = Execution(workflowId, runId),
            Reason = body?.Reason ?? string.Empty,
            Identity = UiPayloads.Identity,
            RequestId = Guid.NewGuid().ToString(),
        }).ConfigureAwait(false);
        return ProtoJson.Ok(response);
    }

    private static async Task<ContentHttpResult> TerminateAsync(ServerEngine engine, string ns, string workflowId, string runId, ReasonRequest? body)
    {
        RequireReason(body, "terminate");
        var response = await engine.TerminateWorkflowExecutionAsync(new TerminateWorkflowExecutionRequest
        {
            Namespace = ns,
            WorkflowExecution = Execution(workflowId, runId),
            Reason = body?.Reason ?? string.Empty,
            Identity = UiPayloads.Identity,
        }).ConfigureAwait(false);
        return ProtoJson.Ok(response);
    }

    // A stop needs a body that says it is one: any other JSON (a webhook aimed at the route) is refused.
    private static void RequireReason(ReasonRequest? body, string action)
    {
        if (string.IsNullOrWhiteSpace(body?.Reason))
        {
            throw new UiRequestException($"reason is required: a JSON body {{\"reason\": \"...\"}} saying why to {action}.");
        }
    }

    private static WorkflowExecution Execution(string workflowId, string runId) => new() { WorkflowId = workflowId, RunId = UiPayloads.RunId(runId) };
}
