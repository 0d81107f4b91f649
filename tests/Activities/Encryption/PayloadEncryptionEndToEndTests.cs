using ContentFlows.Activities.Encryption;
using ContentFlows.Temporal.InteropTests.Infrastructure;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.History.V1;
using Temporalio.Client;
using Temporalio.Converters;
using Temporalio.Worker;

namespace ContentFlows.Activities.Tests.Encryption;

/// <summary>
/// The official SDK with <see cref="AesGcmPayloadCodec"/> in its data converter, against the dev server: the run works,
/// and what Temporal stores is ciphertext, readable only with the key ring.
/// </summary>
public sealed class PayloadEncryptionEndToEndTests
{
    private const string Secret = "Project Nightjar ships on 3 March";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Workflow_RunByAClientAndWorkerWithTheCodec_StoresOnlyEncryptedPayloads()
    {
        await using var server = await DevServerProcess.StartAsync(new DevServerSettings(), "devserver-encryption", ReadyTimeout);
        var keyRing = TestKeys.Ring("2026-12", ("2026-12", TestKeys.NewKey()));
        var codec = new AesGcmPayloadCodec(keyRing);
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address)
        {
            DataConverter = DataConverter.Default with { PayloadCodec = codec },
        });
        var taskQueue = $"encryption-{Guid.NewGuid():N}";
        var workflowId = $"confidential-brief-{Guid.NewGuid():N}";

        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue)
            .AddWorkflow<ConfidentialBriefWorkflow>()
            .AddAllActivities(new ConfidentialBriefActivities()));
        var result = await worker.ExecuteAsync(() => client.ExecuteWorkflowAsync(
            (ConfidentialBriefWorkflow workflow) => workflow.RunAsync(Secret),
            new WorkflowOptions(workflowId, taskQueue)));

        Assert.Equal($"approved: outline of {Secret}", result);

        // What anyone without the key ring sees: a client with the default converter.
        var plainClient = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
        var history = await plainClient.GetWorkflowHandle(workflowId).FetchHistoryAsync();
        var payloads = history.Events.SelectMany(PayloadsOf).ToList();
        Assert.True(payloads.Count >= 4, $"expected the workflow's input and result and the activity's input and result; found {payloads.Count} payloads");
        Assert.All(payloads, payload =>
        {
            Assert.Equal(AesGcmPayloadCodec.EncryptedEncoding, payload.Metadata["encoding"].ToStringUtf8());
            Assert.Equal("2026-12", payload.Metadata[AesGcmPayloadCodec.KeyIdMetadataKey].ToStringUtf8());
        });
        foreach (var historyEvent in history.Events)
        {
            Assert.Equal(-1, historyEvent.ToByteString().Span.IndexOf("Nightjar"u8));
        }

        var unreadable = await Assert.ThrowsAnyAsync<Exception>(() => plainClient.GetWorkflowHandle(workflowId).GetResultAsync<string>());
        Assert.Contains(AesGcmPayloadCodec.EncryptedEncoding, unreadable.Message, StringComparison.Ordinal);

        // The codec decodes what the server stored back to the converter's json/plain.
        var started = history.Events.First().WorkflowExecutionStartedEventAttributes.Input.Payloads_.Single();
        var input = await codec.DecodeSingleAsync(started);
        Assert.Equal($"\"{Secret}\"", input.Data.ToStringUtf8());
    }

    private static IEnumerable<Payload> PayloadsOf(HistoryEvent historyEvent) => historyEvent.AttributesCase switch
    {
        HistoryEvent.AttributesOneofCase.WorkflowExecutionStartedEventAttributes => historyEvent.WorkflowExecutionStartedEventAttributes.Input?.Payloads_ ?? [],
        HistoryEvent.AttributesOneofCase.ActivityTaskScheduledEventAttributes => historyEvent.ActivityTaskScheduledEventAttributes.Input?.Payloads_ ?? [],
        HistoryEvent.AttributesOneofCase.ActivityTaskCompletedEventAttributes => historyEvent.ActivityTaskCompletedEventAttributes.Result?.Payloads_ ?? [],
        HistoryEvent.AttributesOneofCase.WorkflowExecutionCompletedEventAttributes => historyEvent.WorkflowExecutionCompletedEventAttributes.Result?.Payloads_ ?? [],
        _ => [],
    };
}
