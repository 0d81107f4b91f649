using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.Exceptions;

namespace ContentFlows.Temporal.Sdk.Tests.Exceptions;

public sealed class ApplicationFailureExceptionTests
{
    public sealed record Reason(string Text);

    [Fact]
    public void GetDetail_ValueGivenInCode_ReturnsItOrConvertsIt()
    {
        var exception = new ApplicationFailureException("m", "T", details: [new Reason("r"), 3L]);

        Assert.Equal(new Reason("r"), exception.GetDetail<Reason>(0));
        Assert.Equal(3, exception.GetDetail<int>(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => exception.GetDetail<int>(2));
    }

    [Fact]
    public void Constructor_WithCause_KeepsInnerExceptionAndDefaults()
    {
        var cause = new InvalidOperationException("root");

        var exception = new ApplicationFailureException("outer", cause);

        Assert.Same(cause, exception.InnerException);
        Assert.Null(exception.ErrorType);
        Assert.False(exception.NonRetryable);
        Assert.Empty(exception.Details);
        Assert.Null(exception.Failure);
        Assert.IsAssignableFrom<TemporalException>(exception);
    }

    [Fact]
    public void RpcException_FromGrpcException_KeepsCodeAndTransience()
    {
        var rpc = new RpcException(new GrpcException(GrpcStatusCode.Unavailable, "down"));

        Assert.Equal(GrpcStatusCode.Unavailable, rpc.Code);
        Assert.True(rpc.IsTransient);
        Assert.Equal("down", rpc.Message);
        Assert.False(new RpcException(GrpcStatusCode.NotFound, "gone").IsTransient);
    }
}
