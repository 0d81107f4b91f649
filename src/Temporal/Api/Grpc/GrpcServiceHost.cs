namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>
/// The one service type Grpc.AspNetCore binds: methods are added at run time from <see cref="GrpcServiceDefinition"/>s
/// (the Temporal API ships message types but no server base classes, and no <c>.proto</c> is compiled here), so
/// the type itself carries nothing.
/// </summary>
internal sealed class GrpcServiceHost;
