using ContentFlows.Temporal.Converters;
using ContentFlows.Temporal.Exceptions;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;

namespace ContentFlows.Temporal.Sdk.Tests.Converters;

public sealed class DefaultFailureConverterTests
{
    private readonly DefaultFailureConverter converter = DefaultFailureConverter.Instance;
    private readonly DefaultPayloadConverter payloads = DefaultPayloadConverter.Instance;

    public sealed record Detail(string Reason, int Code);

    private static T Thrown<T>(T exception)
        where T : Exception
    {
        try
        {
            throw exception;
        }
        catch (T e)
        {
            return e;
        }
    }

    private Exception RoundTrip(Exception exception)
    {
        var failure = converter.ToFailure(exception, payloads);
        var bytes = failure.ToByteArray();
        return converter.ToException(Failure.Parser.ParseFrom(bytes), payloads);
    }

    [Fact]
    public void ToFailure_ApplicationFailure_WritesInfoDetailsAndSource()
    {
        var exception = Thrown(new ApplicationFailureException(
            "draft rejected", "QualityGateFailed", nonRetryable: true, details: [new Detail("tone", 3), "second"], nextRetryDelay: TimeSpan.FromSeconds(5)));

        var failure = converter.ToFailure(exception, payloads);

        Assert.Equal("draft rejected", failure.Message);
        Assert.Equal(DefaultFailureConverter.FailureSource, failure.Source);
        Assert.Contains(nameof(Thrown), failure.StackTrace, StringComparison.Ordinal);
        var info = failure.ApplicationFailureInfo;
        Assert.Equal("QualityGateFailed", info.Type);
        Assert.True(info.NonRetryable);
        Assert.Equal(Duration.FromTimeSpan(TimeSpan.FromSeconds(5)), info.NextRetryDelay);
        Assert.Equal(2, info.Details.Payloads_.Count);
        Assert.Equal("""{"reason":"tone","code":3}""", info.Details.Payloads_[0].Data.ToStringUtf8());
    }

    [Fact]
    public void ToException_ApplicationFailure_RoundTripsAllFields()
    {
        var back = Assert.IsType<ApplicationFailureException>(RoundTrip(
            new ApplicationFailureException("boom", "MyError", nonRetryable: true, details: [new Detail("x", 1), 7], nextRetryDelay: TimeSpan.FromMilliseconds(1500))));

        Assert.Equal("boom", back.Message);
        Assert.Equal("MyError", back.ErrorType);
        Assert.True(back.NonRetryable);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), back.NextRetryDelay);
        Assert.Equal(2, back.Details.Count);
        Assert.Equal(new Detail("x", 1), back.GetDetail<Detail>(0));
        Assert.Equal(7, back.GetDetail<int>(1));
        Assert.NotNull(back.Failure);
    }

    [Fact]
    public void ToFailure_PlainException_IsApplicationFailureNamedAfterTheType()
    {
        var failure = converter.ToFailure(Thrown(new InvalidOperationException("bad state")), payloads);

        Assert.Equal("bad state", failure.Message);
        Assert.Equal("InvalidOperationException", failure.ApplicationFailureInfo.Type);
        Assert.False(failure.ApplicationFailureInfo.NonRetryable);
        Assert.False(string.IsNullOrEmpty(failure.StackTrace));
    }

    [Fact]
    public void ToFailure_InnerExceptions_BecomeCauseChain()
    {
        var exception = new ApplicationFailureException("outer", new InvalidOperationException("middle", new ArgumentException("inner")), "Outer");

        var failure = converter.ToFailure(exception, payloads);

        Assert.Equal("middle", failure.Cause.Message);
        Assert.Equal("InvalidOperationException", failure.Cause.ApplicationFailureInfo.Type);
        Assert.Equal("inner", failure.Cause.Cause.Message);
        Assert.Equal("ArgumentException", failure.Cause.Cause.ApplicationFailureInfo.Type);
        Assert.Null(failure.Cause.Cause.Cause);
    }

    [Fact]
    public void ToException_ActivityFailureWithApplicationCause_KeepsChain()
    {
        var exception = new ActivityFailureException(
            "Activity task failed", "Draft", "3", RetryState.MaximumAttemptsReached,
            new ApplicationFailureException("llm down", "LlmUnavailable", details: ["retry later"]),
            identity: "worker-1", scheduledEventId: 5, startedEventId: 6);

        var back = Assert.IsType<ActivityFailureException>(RoundTrip(exception));

        Assert.Equal("Draft", back.ActivityType);
        Assert.Equal("3", back.ActivityId);
        Assert.Equal(RetryState.MaximumAttemptsReached, back.RetryState);
        Assert.Equal("worker-1", back.Identity);
        Assert.Equal(5, back.ScheduledEventId);
        Assert.Equal(6, back.StartedEventId);
        var cause = Assert.IsType<ApplicationFailureException>(back.InnerException);
        Assert.Equal("llm down", cause.Message);
        Assert.Equal("LlmUnavailable", cause.ErrorType);
        Assert.Equal("retry later", cause.GetDetail<string>(0));
    }

    [Fact]
    public void ToException_ChildWorkflowFailure_KeepsExecutionAndCause()
    {
        var exception = new ChildWorkflowFailureException(
            "Child Workflow execution failed", "default", "child-1", "run-9", "ItemPipeline", RetryState.NonRetryableFailure,
            new ActivityFailureException("Activity task failed", "Publish", "1", RetryState.Timeout, new TimeoutFailureException("timed out", TimeoutType.StartToClose)));

        var back = Assert.IsType<ChildWorkflowFailureException>(RoundTrip(exception));

        Assert.Equal("default", back.Namespace);
        Assert.Equal("child-1", back.WorkflowId);
        Assert.Equal("run-9", back.RunId);
        Assert.Equal("ItemPipeline", back.WorkflowType);
        Assert.Equal(RetryState.NonRetryableFailure, back.RetryState);
        var activity = Assert.IsType<ActivityFailureException>(back.InnerException);
        var timeout = Assert.IsType<TimeoutFailureException>(activity.InnerException);
        Assert.Equal(TimeoutType.StartToClose, timeout.TimeoutType);
    }

    [Fact]
    public void ToException_TimeoutWithHeartbeatDetails_ExposesThem()
    {
        var back = Assert.IsType<TimeoutFailureException>(RoundTrip(new TimeoutFailureException("heartbeat", TimeoutType.Heartbeat, [new Detail("page", 12)])));

        Assert.Equal(TimeoutType.Heartbeat, back.TimeoutType);
        Assert.Equal(new Detail("page", 12), back.LastHeartbeatDetails.Get<Detail>(0));
    }

    [Fact]
    public void ToException_CanceledTerminatedServer_MapToTheirTypes()
    {
        var canceled = Assert.IsType<CanceledFailureException>(RoundTrip(new CanceledFailureException("cancelled", details: ["why"])));
        Assert.Equal("why", canceled.Details.Get<string>(0));
        Assert.IsType<TerminatedFailureException>(RoundTrip(new TerminatedFailureException("terminated")));
        var server = Assert.IsType<ServerFailureException>(RoundTrip(new ServerFailureException("server", nonRetryable: true)));
        Assert.True(server.NonRetryable);
    }

    [Fact]
    public void ToException_TypeScriptFailure_ReadsMessageStackAndDetails()
    {
        // As the TypeScript SDK writes ApplicationFailure.create({ type, nonRetryable, details }) with a cause.
        var failure = new Failure
        {
            Message = "from ts",
            Source = "TypeScriptSDK",
            StackTrace = "ApplicationFailure: from ts\n    at draft (activities.ts:10:11)",
            ApplicationFailureInfo = new ApplicationFailureInfo
            {
                Type = "TsError",
                NonRetryable = true,
                Details = payloads.ToPayloads([new Detail("ts", 2)]),
            },
            Cause = new Failure { Message = "root", Source = "TypeScriptSDK", ApplicationFailureInfo = new ApplicationFailureInfo { Type = "Error" } },
        };

        var exception = Assert.IsType<ApplicationFailureException>(converter.ToException(failure, payloads));

        Assert.Equal("from ts", exception.Message);
        Assert.Equal(failure.StackTrace, exception.StackTrace);
        Assert.Equal(new Detail("ts", 2), exception.GetDetail<Detail>(0));
        Assert.Equal("root", Assert.IsType<ApplicationFailureException>(exception.InnerException).Message);
        Assert.Same(failure, exception.Failure);
    }

    [Fact]
    public void ToFailure_ExceptionConvertedFromFailure_ReturnsSameFailure()
    {
        var original = new Failure { Message = "kept", Source = "TypeScriptSDK", ApplicationFailureInfo = new ApplicationFailureInfo { Type = "T" } };
        var exception = converter.ToException(original, payloads);

        Assert.Equal(original, converter.ToFailure(exception, payloads));
    }

    [Fact]
    public void ToException_EncodedAttributes_RestoresMessageAndStackTrace()
    {
        var failure = new Failure
        {
            Message = "Encoded failure",
            EncodedAttributes = payloads.ToPayload(new Dictionary<string, string> { ["message"] = "secret message", ["stack_trace"] = "secret stack" }),
            ApplicationFailureInfo = new ApplicationFailureInfo { Type = "X" },
        };

        var exception = converter.ToException(failure, payloads);

        Assert.Equal("secret message", exception.Message);
        Assert.Equal("secret stack", exception.StackTrace);
    }

    [Fact]
    public void ToException_NoFailureInfo_IsBaseFailureException()
    {
        var exception = converter.ToException(new Failure { Message = "generic" }, payloads);

        Assert.Equal(typeof(FailureException), exception.GetType());
        Assert.Equal("generic", exception.Message);
    }
}
