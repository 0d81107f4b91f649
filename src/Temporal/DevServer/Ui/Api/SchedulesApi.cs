using ContentFlows.Temporal.DevServer.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Ui.Api;

/// <summary>GET /api/v1/namespaces/{ns}/schedules: the schedules list with specs, pause state, next runs and recent actions.</summary>
internal static class SchedulesApi
{
    public static void MapSchedulesApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/namespaces/{ns}/schedules", ListSchedules);
    }

    private static ContentHttpResult ListSchedules(ServerEngine engine, string ns) =>
        ProtoJson.Ok(engine.ListSchedules(new ListSchedulesRequest { Namespace = ns, MaximumPageSize = 1000 }));
}
