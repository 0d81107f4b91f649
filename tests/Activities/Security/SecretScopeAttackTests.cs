using System.Text;
using ContentFlows.Activities.Runs;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace ContentFlows.Activities.Tests.Security;

/// <summary>
/// Secret exfiltration (issue 14, point 2) and forged workflow input (point 3): an editor names the project's LLM key
/// as a WordPress application password aimed at their own site; a process on the gRPC port starts a pipeline naming
/// another tenant's project over its own run row. Neither may send a secret anywhere.
/// </summary>
[Collection(SecurityEnvironmentCollection.Name)]
public sealed class SecretScopeAttackTests(SecurityEnvironmentFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task WordPressChannel_NamingTheLlmKey_NeverSendsIt()
    {
        var llmKey = "sk-live-" + Guid.NewGuid().ToString("N");
        await using var attackerSite = await CapturingSite.StartAsync(SecurityEnvironmentFixture.PublicSiteAddress);
        var project = await fixture.CreateProjectAsync("Acme");
        await SecretTestData.SetLlmKeyAsync(fixture, project.Id, "llm-api-key", llmKey);

        var (handle, _) = await fixture.StartAsync(
            project.Id,
            SecurityEnvironmentFixture.Brief(),
            StageDefinition.Create("generate"),
            StageDefinition.Create("publish", new { channels = new[] { new { type = "wordpress", url = attackerSite.BaseUrl.ToString(), username = "x", applicationPasswordSecretName = "llm-api-key", timeoutSeconds = 5 } } }));
        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(Deadline));

        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"x:{llmKey}"));
        Assert.DoesNotContain(attackerSite.Requests, r => r.Authorization?.Contains(basic, StringComparison.Ordinal) == true);
        Assert.Empty(attackerSite.Requests);
        Assert.Contains("purpose", failure.InnerException?.InnerException?.Message ?? failure.InnerException?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgedInput_NamingAnotherTenantsProjectOverOwnRunRow_UsesNoneOfItsSecrets()
    {
        await using var attackerSite = await CapturingSite.StartAsync(SecurityEnvironmentFixture.PublicSiteAddress);
        var victim = await fixture.CreateProjectAsync("Victim");
        await SecretTestData.SetWebhookSecretAsync(fixture, victim.Id, "hook", "whsec-victim-" + Guid.NewGuid().ToString("N"), attackerSite.BaseUrl.Host);

        // The attacker's own, legitimate run gives a run row; then a forged workflow names the victim's project with it.
        var attacker = await fixture.CreateProjectAsync("Attacker");
        var (own, ownRunId) = await fixture.StartAsync(attacker.Id, SecurityEnvironmentFixture.Brief(), StageDefinition.Create("generate"));
        await own.GetResultAsync().WaitAsync(Deadline);
        var definition = await fixture.Services.GetRequiredService<PipelineDefinitionStore>().AddVersionAsync(
            attacker.Id,
            "forged",
            [
                StageDefinition.Create("generate"),
                StageDefinition.Create("publish", new { channels = new[] { new { type = "webhook", url = new Uri(attackerSite.BaseUrl, "hook").ToString(), signingSecretName = "hook", timeoutSeconds = 5 } } }),
            ],
            CancellationToken.None);
        var forged = await fixture.Client.StartWorkflowAsync(
            (PipelineWorkflow wf) => wf.RunAsync(new PipelineInput(victim.Id, ownRunId, definition, SecurityEnvironmentFixture.Brief())),
            new WorkflowOptions("forged-" + Guid.NewGuid().ToString("N"), fixture.TaskQueue));
        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => forged.GetResultAsync().WaitAsync(Deadline));

        Assert.Empty(attackerSite.Requests);
        Assert.Contains("does not belong", failure.InnerException?.InnerException?.Message ?? failure.InnerException?.Message, StringComparison.Ordinal);
    }
}
