using ContentFlows.Temporal.Api.Grpc;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Api.Tests.Grpc;

public sealed class GrpcServiceDefinitionTests
{
    [Fact]
    public void AddUnary_NewMethod_ReturnsSameDefinitionAndListsMethod()
    {
        var definition = new GrpcServiceDefinition("temporal.api.workflowservice.v1.WorkflowService");

        var returned = definition.AddUnary("GetSystemInfo", GetSystemInfoRequest.Parser, (GetSystemInfoRequest _, GrpcCallContext _) => Task.FromResult(new GetSystemInfoResponse()));

        Assert.Same(definition, returned);
        Assert.Equal(["GetSystemInfo"], definition.MethodNames);
    }

    [Fact]
    public void AddUnary_DuplicateMethod_ThrowsArgumentException()
    {
        var definition = new GrpcServiceDefinition("a.Service")
            .AddUnary("Get", GetSystemInfoRequest.Parser, (GetSystemInfoRequest _, GrpcCallContext _) => Task.FromResult(new GetSystemInfoResponse()));

        var exception = Assert.Throws<ArgumentException>(() =>
            definition.AddUnary("Get", GetSystemInfoRequest.Parser, (GetSystemInfoRequest _, GrpcCallContext _) => Task.FromResult(new GetSystemInfoResponse())));

        Assert.Equal("methodName", exception.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    public void Constructor_InvalidServiceName_ThrowsArgumentException(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => new GrpcServiceDefinition(name));
    }
}
