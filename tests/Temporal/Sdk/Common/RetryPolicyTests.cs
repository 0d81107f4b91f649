using ContentFlows.Temporal.Common;

namespace ContentFlows.Temporal.Sdk.Tests.Common;

public sealed class RetryPolicyTests
{
    [Fact]
    public void ToProto_AllFields_RoundTripThroughFromProto()
    {
        var policy = new RetryPolicy
        {
            InitialInterval = TimeSpan.FromMilliseconds(250),
            BackoffCoefficient = 1.5,
            MaximumInterval = TimeSpan.FromSeconds(30),
            MaximumAttempts = 4,
            NonRetryableErrorTypes = ["QualityGateFailed", "InvalidInput"],
        };

        var proto = policy.ToProto();
        var back = RetryPolicy.FromProto(proto);

        Assert.Equal(0.25, proto.InitialInterval.ToTimeSpan().TotalSeconds);
        Assert.Equal(1.5, proto.BackoffCoefficient);
        Assert.Equal(4, proto.MaximumAttempts);
        Assert.Equal(["QualityGateFailed", "InvalidInput"], proto.NonRetryableErrorTypes);
        Assert.Equal(policy.InitialInterval, back.InitialInterval);
        Assert.Equal(policy.MaximumInterval, back.MaximumInterval);
        Assert.Equal(policy.NonRetryableErrorTypes, back.NonRetryableErrorTypes);
    }

    [Fact]
    public void ToProto_Defaults_OneSecondTimesTwoUnlimited()
    {
        var proto = new RetryPolicy().ToProto();

        Assert.Equal(TimeSpan.FromSeconds(1), proto.InitialInterval.ToTimeSpan());
        Assert.Equal(2.0, proto.BackoffCoefficient);
        Assert.Null(proto.MaximumInterval);
        Assert.Equal(0, proto.MaximumAttempts);
    }

    [Theory]
    [InlineData(0.5, 0, "BackoffCoefficient", "0.5")]
    [InlineData(2.0, -1, "MaximumAttempts", "-1")]
    public void Validate_OutOfRange_ThrowsNamingPropertyAndValue(double backoff, int attempts, string property, string value)
    {
        var policy = new RetryPolicy { BackoffCoefficient = backoff, MaximumAttempts = attempts };

        var error = Assert.ThrowsAny<ArgumentException>(policy.Validate);

        Assert.Contains("RetryPolicy." + property, error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MaximumBelowInitial_Throws()
    {
        var policy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(10), MaximumInterval = TimeSpan.FromSeconds(1) };

        var error = Assert.ThrowsAny<ArgumentException>(policy.Validate);
        Assert.Equal("MaximumInterval", error.ParamName);
    }
}
