using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Exceptions;
using ContentFlows.Temporal.Sdk.Tests.Worker.TestWorkflows;
using ContentFlows.Temporal.Testing;
using ContentFlows.Temporal.Worker;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Sdk.Tests.Testing;

public sealed class WorkflowEnvironmentTests
{
    [Fact]
    public async Task StartLocalAsync_CustomNamespace_ClientUsesIt()
    {
        await using var environment = await WorkflowEnvironment.StartLocalAsync(new WorkflowEnvironmentStartLocalOptions { Namespace = "content-tests" });

        var described = await environment.Client.WorkflowService.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = "content-tests" });

        Assert.Equal("content-tests", environment.Client.Options.Namespace);
        Assert.Equal("content-tests", described.NamespaceInfo.Name);
        Assert.StartsWith("127.0.0.1:", environment.TargetHost, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartLocalAsync_WorkerAndClient_RunAWorkflow()
    {
        await using var environment = await WorkflowEnvironment.StartLocalAsync();
        using var worker = new TemporalWorker(
            environment.Client,
            new TemporalWorkerOptions("env-queue").AddWorkflow<ThreeStepWorkflow>().AddAllActivities(new WorkerTestActivities()));

        var result = await worker.ExecuteAsync(() =>
            environment.Client.ExecuteWorkflowAsync((ThreeStepWorkflow wf) => wf.RunAsync("env"), new WorkflowOptions("env-workflow", "env-queue")));

        Assert.Equal("env>1>2>3", result);
    }

    [Fact]
    public async Task DisposeAsync_StopsTheServer()
    {
        var environment = await WorkflowEnvironment.StartLocalAsync();
        using var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(environment.TargetHost));

        await environment.DisposeAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.WorkflowService.GetSystemInfoAsync(new GetSystemInfoRequest(), new RpcOptions { Retry = false }));
        Assert.Equal(GrpcStatusCode.Unavailable, error.Code);
    }
}
