using ContentFlows.Temporal.Common;
using ContentFlows.Temporal.Converters;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;

namespace ContentFlows.Temporal.Sdk.Tests.Common;

public sealed class WorkflowHistoryTests
{
    // The shape `temporal workflow show -o json` and the UI's "Download" produce (trimmed).
    private const string CliExport = """
        {
          "events": [
            {
              "eventId": "1",
              "eventTime": "2024-05-01T10:00:00Z",
              "eventType": "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED",
              "taskId": "1048576",
              "workflowExecutionStartedEventAttributes": {
                "workflowType": { "name": "ContentPipeline" },
                "taskQueue": { "name": "content", "kind": "TASK_QUEUE_KIND_NORMAL" },
                "input": { "payloads": [ { "metadata": { "encoding": "anNvbi9wbGFpbg==" }, "data": "InBsYW4tMSI=" } ] },
                "workflowTaskTimeout": "10s",
                "originalExecutionRunId": "run-1",
                "attempt": 1,
                "unknownFutureField": true
              }
            },
            {
              "eventId": "2",
              "eventTime": "2024-05-01T10:00:00Z",
              "eventType": "EVENT_TYPE_WORKFLOW_TASK_SCHEDULED",
              "workflowTaskScheduledEventAttributes": { "taskQueue": { "name": "content", "kind": "TASK_QUEUE_KIND_NORMAL" }, "startToCloseTimeout": "10s", "attempt": 1 }
            }
          ]
        }
        """;

    // Older exports (tctl, older UI) wrote enum values in PascalCase.
    private const string OlderExport = """
        [
          { "eventId": "1", "eventType": "WorkflowExecutionStarted",
            "workflowExecutionStartedEventAttributes": { "workflowType": { "name": "W" }, "taskQueue": { "name": "q", "kind": "Normal" } } },
          { "eventId": "2", "eventType": "WorkflowExecutionTimedOut",
            "workflowExecutionTimedOutEventAttributes": { "retryState": "RetryPolicyNotSet" } }
        ]
        """;

    [Fact]
    public void FromJson_CliExport_ReadsEventsAndPayloads()
    {
        var history = WorkflowHistory.FromJson("wf-1", CliExport);

        Assert.Equal("wf-1", history.Id);
        Assert.Equal(2, history.Events.Count);
        var started = history.Events[0];
        Assert.Equal(EventType.WorkflowExecutionStarted, started.EventType);
        Assert.Equal("ContentPipeline", started.WorkflowExecutionStartedEventAttributes.WorkflowType.Name);
        Assert.Equal(TaskQueueKind.Normal, started.WorkflowExecutionStartedEventAttributes.TaskQueue.Kind);
        Assert.Equal("plan-1", DefaultPayloadConverter.Instance.ToValue<string>(started.WorkflowExecutionStartedEventAttributes.Input.Payloads_[0]));
        Assert.Equal(EventType.WorkflowTaskScheduled, history.Events[1].EventType);
    }

    [Fact]
    public void FromJson_OlderPascalCaseEnumsAndBareArray_AreAccepted()
    {
        var history = WorkflowHistory.FromJson("wf-2", OlderExport);

        Assert.Equal(EventType.WorkflowExecutionStarted, history.Events[0].EventType);
        Assert.Equal(TaskQueueKind.Normal, history.Events[0].WorkflowExecutionStartedEventAttributes.TaskQueue.Kind);
        Assert.Equal(EventType.WorkflowExecutionTimedOut, history.Events[1].EventType);
        Assert.Equal(RetryState.RetryPolicyNotSet, history.Events[1].WorkflowExecutionTimedOutEventAttributes.RetryState);
    }

    [Fact]
    public void ToJson_History_WritesCliFormatAndReadsBack()
    {
        var started = new HistoryEvent
        {
            EventId = 1,
            EventTime = Timestamp.FromDateTime(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc)),
            EventType = EventType.WorkflowExecutionStarted,
            WorkflowExecutionStartedEventAttributes = new WorkflowExecutionStartedEventAttributes
            {
                WorkflowType = new WorkflowType { Name = "W" },
                TaskQueue = new TaskQueue { Name = "q", Kind = TaskQueueKind.Normal },
                Input = DefaultPayloadConverter.Instance.ToPayloads(["x"]),
            },
        };
        var history = new WorkflowHistory("wf-3", [started]);

        var json = history.ToJson();
        var back = WorkflowHistory.FromJson("wf-3", json);

        Assert.StartsWith("{ \"events\": [", json, StringComparison.Ordinal);
        Assert.Contains("\"eventType\": \"EVENT_TYPE_WORKFLOW_EXECUTION_STARTED\"", json, StringComparison.Ordinal);
        Assert.Contains("\"eventId\": \"1\"", json, StringComparison.Ordinal);
        Assert.Equal(history.Events, back.Events);
    }

    [Fact]
    public void FromJson_NotAHistory_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => WorkflowHistory.FromJson("x", "\"text\""));
        Assert.Throws<FormatException>(() => WorkflowHistory.FromJson("x", "{ not json"));
    }
}
