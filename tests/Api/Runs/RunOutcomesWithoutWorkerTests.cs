using System.Text.Json;

namespace ContentFlows.Api.Tests.Runs;

/// <summary>With no worker alive, the API alone brings a workflow's end to the run row (its own stack: the worker is stopped).</summary>
[Collection(ApiEnvironmentCollection.Name)]
public sealed class RunOutcomesWithoutWorkerTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    [Fact]
    public async Task TerminatedWhileNoWorkerRuns_RowTerminatedWithReasonAndWaitingStageSkipped()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey);
        var runId = await fixture.StartRunAsync(adminKey, definitionId);
        await fixture.WaitForRunAsync(adminKey, runId, run => ApiEnvironmentFixture.IsAwaitingApproval(run) && run.GetProperty("state").GetString() == "awaiting-approval");

        await fixture.StopWorkerAsync();
        await fixture.Temporal.GetWorkflowHandle($"pipeline-{runId:N}").TerminateAsync("Operator stopped a runaway run.");

        var terminated = await fixture.WaitForRunAsync(adminKey, runId, run => run.GetProperty("state").GetString() == "terminated", deadlineSeconds: 15);
        Assert.Equal("Terminated: Operator stopped a runaway run.", terminated.GetProperty("stateReason").GetString());
        Assert.Equal(JsonValueKind.Null, terminated.GetProperty("progress").ValueKind);
        Assert.Equal(["done", "done", "skipped", "skipped"], Enumerable.Range(0, 4).Select(i => ApiEnvironmentFixture.StageStatusOf(terminated, i)));
        Assert.Equal(1L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".pipeline_runs WHERE id = '{runId}' AND status = 'terminated' AND closed_at IS NOT NULL"));
    }
}
