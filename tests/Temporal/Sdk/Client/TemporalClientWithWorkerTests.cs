using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Converters;
using ContentFlows.Temporal.Exceptions;
using ContentFlows.Temporal.Worker;
using Google.Protobuf;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.Sdk.Tests.Client;

/// <summary>The client against the SDK's own worker: results, failure chains and the codec end to end.</summary>
[Collection(ClientDevServerCollection.Name)]
public sealed class TemporalClientWithWorkerTests(ClientDevServerFixture fixture)
{
    private static readonly byte[] Key = [.. Enumerable.Range(100, 32).Select(i => (byte)i)];

    private static TemporalWorker NewWorker(ITemporalClient client, string queue) =>
        new(client, new TemporalWorkerOptions(queue).AddWorkflow<ShoutWorkflow>().AddAllActivities(new ShoutActivities()));

    [Fact]
    public async Task ExecuteWorkflowAsync_WithWorker_ReturnsActivityResult()
    {
        var queue = "q-" + Guid.NewGuid().ToString("N");
        using var worker = NewWorker(fixture.Client, queue);

        var result = await worker.ExecuteAsync(() =>
            fixture.Client.ExecuteWorkflowAsync((ShoutWorkflow wf) => wf.RunAsync("hello"), new WorkflowOptions("shout-" + queue, queue)));

        Assert.Equal("HELLO!", result);
    }

    [Fact]
    public async Task GetResultAsync_ActivityFailsNonRetryable_ThrowsWorkflowFailedWithActivityAndApplicationCauses()
    {
        var queue = "q-" + Guid.NewGuid().ToString("N");
        using var worker = NewWorker(fixture.Client, queue);

        var error = await worker.ExecuteAsync(() => Assert.ThrowsAsync<WorkflowFailedException>(() =>
            fixture.Client.ExecuteWorkflowAsync((ShoutWorkflow wf) => wf.RunAsync("refuse"), new WorkflowOptions("refuse-" + queue, queue))));

        var activity = Assert.IsType<ActivityFailureException>(error.InnerException);
        Assert.Equal("Shout", activity.ActivityType);
        Assert.Equal(RetryState.NonRetryableFailure, activity.RetryState);
        var application = Assert.IsType<ApplicationFailureException>(activity.InnerException);
        Assert.Equal("refused to shout", application.Message);
        Assert.Equal("ShoutRefused", application.ErrorType);
        Assert.Equal("too quiet", application.GetDetail<string>(0));
    }

    [Fact]
    public async Task ExecuteWorkflowAsync_CodecOnClientAndWorker_RoundTripsAndStoresEncrypted()
    {
        var queue = "q-" + Guid.NewGuid().ToString("N");
        using var codec = new AesGcmPayloadCodec("k1", Key);
        using var secure = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(fixture.Server.Address)
        {
            DataConverter = DataConverter.Default with { PayloadCodec = codec },
        });
        using var worker = NewWorker(secure, queue);

        var result = await worker.ExecuteAsync(() =>
            secure.ExecuteWorkflowAsync((ShoutWorkflow wf) => wf.RunAsync("classified"), new WorkflowOptions("secure-" + queue, queue)));
        var history = await fixture.Client.GetWorkflowHandle("secure-" + queue).FetchHistoryAsync();

        Assert.Equal("CLASSIFIED!", result);
        Assert.DoesNotContain("classified", string.Concat(history.Events.Select(e => e.ToByteString().ToStringUtf8())), StringComparison.OrdinalIgnoreCase);
        var scheduled = Assert.Single(history.Events, e => e.EventType == EventType.ActivityTaskScheduled);
        Assert.Equal("binary/encrypted", scheduled.ActivityTaskScheduledEventAttributes.Input.Payloads_[0].Metadata["encoding"].ToStringUtf8());
    }
}
