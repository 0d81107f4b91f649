using ContentFlows.Temporal.DevServer.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Ui.Api;

/// <summary>The workflows list: a visibility query, paged, and its count.</summary>
internal static class WorkflowsApi
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 1000;

    public static void MapWorkflowsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/namespaces/{ns}/workflows");
        group.MapGet(string.Empty, ListWorkflowsAsync);
        group.MapGet("/count", CountWorkflowsAsync);
    }

    private static async Task<ContentHttpResult> ListWorkflowsAsync(ServerEngine engine, string ns, string? query, int? pageSize, string? nextPageToken, CancellationToken cancellationToken)
    {
        var size = pageSize is > 0 ? Math.Min(pageSize.Value, MaxPageSize) : DefaultPageSize;
        return ProtoJson.Ok(await engine.ListWorkflowExecutionsAsync(new ListWorkflowExecutionsRequest
        {
            Namespace = ns,
            Query = query ?? string.Empty,
            PageSize = size,
            NextPageToken = ProtoJson.ParseToken(nextPageToken),
        }, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<ContentHttpResult> CountWorkflowsAsync(ServerEngine engine, string ns, string? query, CancellationToken cancellationToken) =>
        ProtoJson.Ok(await engine.CountWorkflowExecutionsAsync(new CountWorkflowExecutionsRequest { Namespace = ns, Query = query ?? string.Empty }, cancellationToken).ConfigureAwait(false));
}
