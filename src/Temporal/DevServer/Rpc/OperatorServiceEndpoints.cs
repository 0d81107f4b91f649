using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.DevServer.Engine;
using Temporalio.Api.OperatorService.V1;

namespace ContentFlows.Temporal.DevServer.Rpc;

/// <summary>Maps the OperatorService RPCs the dev server implements (search attributes) onto the engine; any other method answers UNIMPLEMENTED.</summary>
internal static class OperatorServiceEndpoints
{
    public const string ServiceName = "temporal.api.operatorservice.v1.OperatorService";

    public static GrpcServiceDefinition Create(ServerEngine engine) => new GrpcServiceDefinition(ServiceName)
        .AddUnary("AddSearchAttributes", AddSearchAttributesRequest.Parser, (r, _) => engine.AddSearchAttributesAsync(r))
        .AddUnary("RemoveSearchAttributes", RemoveSearchAttributesRequest.Parser, (r, _) => engine.RemoveSearchAttributesAsync(r))
        .AddUnary("ListSearchAttributes", ListSearchAttributesRequest.Parser, (r, _) => Task.FromResult(engine.ListSearchAttributes(r)));
}
