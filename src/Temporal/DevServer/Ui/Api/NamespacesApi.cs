using ContentFlows.Temporal.DevServer.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Ui.Api;

/// <summary>GET /api/v1/namespaces: the namespace picker.</summary>
internal static class NamespacesApi
{
    public static void MapNamespacesApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/namespaces", ListNamespaces);
    }

    private static ContentHttpResult ListNamespaces(ServerEngine engine) =>
        ProtoJson.Ok(engine.ListNamespaces(new ListNamespacesRequest { PageSize = 1000 }));
}
