using ContentFlows.Temporal.Converters;
using Google.Protobuf;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Sdk.Tests.Converters;

public sealed class PayloadVisitorTests
{
    private static readonly DefaultPayloadConverter Converter = DefaultPayloadConverter.Instance;

    private static Payload Value(string text) => Converter.ToPayload(text);

    private static RespondWorkflowTaskCompletedRequest NestedRequest()
    {
        var request = new RespondWorkflowTaskCompletedRequest();
        var schedule = new ScheduleActivityTaskCommandAttributes
        {
            ActivityId = "1",
            Input = Converter.ToPayloads(["a1", "a2"]),
            Header = new Header(),
        };
        schedule.Header.Fields["trace"] = Value("h1");
        request.Commands.Add(new Command { CommandType = CommandType.ScheduleActivityTask, ScheduleActivityTaskCommandAttributes = schedule });
        var failure = new Failure
        {
            Message = "outer",
            ApplicationFailureInfo = new ApplicationFailureInfo { Details = Converter.ToPayloads(["d1"]) },
            Cause = new Failure
            {
                Message = "inner",
                ApplicationFailureInfo = new ApplicationFailureInfo { Details = Converter.ToPayloads(["d2", "d3"]) },
                Cause = new Failure { TimeoutFailureInfo = new TimeoutFailureInfo { LastHeartbeatDetails = Converter.ToPayloads(["hb"]) } },
            },
        };
        request.Commands.Add(new Command
        {
            CommandType = CommandType.FailWorkflowExecution,
            FailWorkflowExecutionCommandAttributes = new FailWorkflowExecutionCommandAttributes { Failure = failure },
        });
        var continueAsNew = new ContinueAsNewWorkflowExecutionCommandAttributes { Input = Converter.ToPayloads(["c1"]), Memo = new Memo() };
        continueAsNew.Memo.Fields["m"] = Value("m1");
        continueAsNew.SearchAttributes = new SearchAttributes();
        continueAsNew.SearchAttributes.IndexedFields["CustomKeywordField"] = Value("indexed");
        request.Commands.Add(new Command { CommandType = CommandType.ContinueAsNewWorkflowExecution, ContinueAsNewWorkflowExecutionCommandAttributes = continueAsNew });
        request.QueryResults["q1"] = new Temporalio.Api.Query.V1.WorkflowQueryResult { Answer = Converter.ToPayloads(["q"]) };
        return request;
    }

    [Fact]
    public async Task VisitAsync_NestedRequest_TouchesEveryPayloadExceptSearchAttributes()
    {
        var request = NestedRequest();
        var seen = new List<string>();

        await PayloadVisitor.VisitAsync(request, payloads =>
        {
            seen.AddRange(payloads.Select(p => Converter.ToValue<string>(p)));
            return Task.FromResult<IReadOnlyList<Payload>>([.. payloads.Select(p => Value("x" + Converter.ToValue<string>(p)))]);
        });

        Assert.Equal(["a1", "a2", "c1", "d1", "d2", "d3", "h1", "hb", "m1", "q"], seen.Order(StringComparer.Ordinal));
        var schedule = request.Commands[0].ScheduleActivityTaskCommandAttributes;
        Assert.Equal("xa1", Converter.ToValue<string>(schedule.Input.Payloads_[0]));
        Assert.Equal("xh1", Converter.ToValue<string>(schedule.Header.Fields["trace"]));
        var failure = request.Commands[1].FailWorkflowExecutionCommandAttributes.Failure;
        Assert.Equal("xhb", Converter.ToValue<string>(failure.Cause.Cause.TimeoutFailureInfo.LastHeartbeatDetails.Payloads_[0]));
        var continueAsNew = request.Commands[2].ContinueAsNewWorkflowExecutionCommandAttributes;
        Assert.Equal("xm1", Converter.ToValue<string>(continueAsNew.Memo.Fields["m"]));
        Assert.Equal("indexed", Converter.ToValue<string>(continueAsNew.SearchAttributes.IndexedFields["CustomKeywordField"]));
        Assert.Equal("xq", Converter.ToValue<string>(request.QueryResults["q1"].Answer.Payloads_[0]));
    }

    [Fact]
    public async Task EncodeThenDecode_WithAesGcmCodec_RestoresTheMessage()
    {
        using var codec = new AesGcmPayloadCodec("k", new byte[32]);
        var request = NestedRequest();
        var original = request.Clone();

        await PayloadVisitor.EncodeAsync(request, codec);

        Assert.NotEqual(original, request);
        Assert.DoesNotContain("a1", request.ToByteString().ToStringUtf8(), StringComparison.Ordinal);
        await PayloadVisitor.DecodeAsync(request, codec);
        Assert.Equal(original, request);
    }

    [Fact]
    public async Task VisitAsync_HistoryResponse_DecodesEventPayloads()
    {
        var response = new GetWorkflowExecutionHistoryResponse { History = new History() };
        response.History.Events.Add(new HistoryEvent
        {
            EventId = 1,
            WorkflowExecutionStartedEventAttributes = new WorkflowExecutionStartedEventAttributes { Input = Converter.ToPayloads(["in"]) },
        });
        response.History.Events.Add(new HistoryEvent
        {
            EventId = 2,
            WorkflowExecutionSignaledEventAttributes = new WorkflowExecutionSignaledEventAttributes { Input = Converter.ToPayloads(["sig"]) },
        });
        var count = 0;

        await PayloadVisitor.VisitAsync(response, payloads =>
        {
            count += payloads.Count;
            return Task.FromResult(payloads);
        });

        Assert.Equal(2, count);
    }

    [Fact]
    public async Task VisitAsync_MessageWithoutPayloads_DoesNotCallTransform()
    {
        var called = false;

        await PayloadVisitor.VisitAsync(new PollWorkflowTaskQueueRequest { Namespace = "default" }, payloads =>
        {
            called = true;
            return Task.FromResult(payloads);
        });

        Assert.False(called);
    }

    [Fact]
    public async Task VisitAsync_TransformReturningWrongCount_Throws()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            PayloadVisitor.VisitAsync(Converter.ToPayloads(["a", "b"]), _ => Task.FromResult<IReadOnlyList<Payload>>([])));
    }
}
