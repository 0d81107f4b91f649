using Grpc.AspNetCore.Server.Model;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>Hands the catalog's methods to Grpc.AspNetCore when <see cref="GrpcServiceHost"/> is mapped.</summary>
internal sealed class GrpcMethodProvider(GrpcServiceCatalog catalog) : IServiceMethodProvider<GrpcServiceHost>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<GrpcServiceHost> context)
    {
        foreach (var service in catalog.Services)
        {
            foreach (var bind in service.Bindings)
            {
                bind(context, catalog.Logger);
            }
        }
    }
}
