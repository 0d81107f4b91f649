using ContentFlows.Temporal.Activities;
using ContentFlows.Temporal.Worker;

namespace ContentFlows.Temporal.Sdk.Tests.Worker;

public sealed class TemporalWorkerOptionsTests
{
    [Fact]
    public void Defaults_MatchTheDocumentedValues()
    {
        var options = new TemporalWorkerOptions("q");

        Assert.Equal(100, options.MaxConcurrentWorkflowTasks);
        Assert.Equal(100, options.MaxConcurrentActivities);
        Assert.Equal(2, options.MaxConcurrentWorkflowTaskPolls);
        Assert.Equal(2, options.MaxConcurrentActivityTaskPolls);
        Assert.Equal(TimeSpan.Zero, options.GracefulShutdownTimeout);
    }

    [Fact]
    public void Validate_MissingTaskQueue_NamesTheProperty()
    {
        var options = new TemporalWorkerOptions().AddActivity(Ping);

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("TemporalWorkerOptions.TaskQueue", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ZeroPollers_NamesThePropertyAndValue()
    {
        var options = new TemporalWorkerOptions("q") { MaxConcurrentActivityTaskPolls = 0 }.AddActivity(Ping);

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("MaxConcurrentActivityTaskPolls must be at least 1; was 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateActivityName_Throws()
    {
        var options = new TemporalWorkerOptions("q").AddActivity(Ping).AddActivity(Ping);

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("'Ping' more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NothingRegistered_Throws()
    {
        var error = Assert.Throws<ArgumentException>(new TemporalWorkerOptions("q").Validate);

        Assert.Contains("registers no workflows and no activities", error.Message, StringComparison.Ordinal);
    }

    [Activity]
    private static string Ping() => "pong";
}
