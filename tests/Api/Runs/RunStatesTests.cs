using ContentFlows.Activities.Runs;
using ContentFlows.Api.Runs;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Api.Tests.Runs;

public sealed class RunStatesTests
{
    [Fact]
    public void Of_EveryRecordedState_SameNameAndCancellationWins()
    {
        foreach (var state in Enum.GetValues<PipelineRunState>())
        {
            var run = new PipelineRun(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), 1, "pipeline-x", new ContentBrief("t", "a", "c", "en", [], string.Empty), state, null, null);

            Assert.Equal(state.ToString(), RunStates.Of(run).ToString());
            Assert.Equal(state == PipelineRunState.Cancelled ? null : state, RunStates.Recorded(RunStates.Of(run)));
            Assert.Equal(RunState.Cancelled, RunStates.Of(run with { CancelledAt = DateTimeOffset.UnixEpoch, CancelledBy = "erin" }));
        }

        Assert.Null(RunStates.Recorded(RunState.Cancelled));
    }
}
