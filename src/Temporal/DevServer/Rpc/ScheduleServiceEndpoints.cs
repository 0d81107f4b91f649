using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.DevServer.Engine;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Rpc;

/// <summary>Maps the WorkflowService schedule RPCs onto the engine.</summary>
internal static class ScheduleServiceEndpoints
{
    public static GrpcServiceDefinition AddScheduleEndpoints(this GrpcServiceDefinition service, ServerEngine engine) => service
        .AddUnary("CreateSchedule", CreateScheduleRequest.Parser, (r, _) => engine.CreateScheduleAsync(r))
        .AddUnary("DescribeSchedule", DescribeScheduleRequest.Parser, (r, _) => Task.FromResult(engine.DescribeSchedule(r)))
        .AddUnary("UpdateSchedule", UpdateScheduleRequest.Parser, (r, _) => engine.UpdateScheduleAsync(r))
        .AddUnary("PatchSchedule", PatchScheduleRequest.Parser, (r, _) => engine.PatchScheduleAsync(r))
        .AddUnary("DeleteSchedule", DeleteScheduleRequest.Parser, (r, _) => engine.DeleteScheduleAsync(r))
        .AddUnary("ListSchedules", ListSchedulesRequest.Parser, (r, _) => Task.FromResult(engine.ListSchedules(r)))
        .AddUnary("CountSchedules", CountSchedulesRequest.Parser, (r, _) => Task.FromResult(engine.CountSchedules(r)))
        .AddUnary("ListScheduleMatchingTimes", ListScheduleMatchingTimesRequest.Parser, (r, _) => Task.FromResult(engine.ListScheduleMatchingTimes(r)));
}
