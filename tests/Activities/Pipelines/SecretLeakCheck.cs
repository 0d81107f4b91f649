using System.Text;
using Temporalio.Client;
using Google.Protobuf;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Activities.Tests.Pipelines;

/// <summary>Asserts secrets appear nowhere in a run's history (raw event bytes with every payload, and the JSON export) or in the worker's logs.</summary>
internal static class SecretLeakCheck
{
    public static async Task AssertAbsentAsync(WorkflowHandle handle, Guid runId, CapturedLogs logs, params string[] secrets)
    {
        var history = await handle.FetchHistoryAsync();

        // Not vacuous: the history has finished and carries payloads (the stage invocations).
        Assert.Contains(history.Events, e => e.EventType is EventType.WorkflowExecutionCompleted or EventType.WorkflowExecutionFailed);
        Assert.Contains(history.Events, e => e.EventType == EventType.ActivityTaskScheduled && e.ActivityTaskScheduledEventAttributes.Input.Payloads_.Count > 0);
        Assert.Contains(logs.Lines, line => line.Contains(runId.ToString(), StringComparison.Ordinal));

        var bytes = history.Events.SelectMany(e => e.ToByteArray()).ToArray();
        var json = history.ToJson();
        var lines = logs.Lines;
        foreach (var secret in secrets)
        {
            var utf8 = Encoding.UTF8.GetBytes(secret);
            Assert.True(bytes.AsSpan().IndexOf(utf8) < 0, "a secret is in the history's raw bytes");
            Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(utf8), json, StringComparison.Ordinal);
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }
}
