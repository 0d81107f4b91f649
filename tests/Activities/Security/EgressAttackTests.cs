using System.Net.Http.Json;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Research;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace ContentFlows.Activities.Tests.Security;

/// <summary>
/// SSRF from the shared worker (issue 14, point 1): a tenant steers research fetches and webhooks at the dev server's
/// UI, at loopback through a redirect or a name, and at cloud metadata. Each must be refused; refused research sources
/// become degradation warnings saying why.
/// </summary>
[Collection(SecurityEnvironmentCollection.Name)]
public sealed class EgressAttackTests(SecurityEnvironmentFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Research_InternalTargets_AreRefusedAsDegradationsAndNothingLeaksIntoTheBrief()
    {
        const string InternalSecret = "internal-only-7c1f";
        await using var intranet = await CapturingSite.StartAsync(System.Net.IPAddress.Loopback, pages: new Dictionary<string, string> { ["/secret"] = $"<p>{InternalSecret} 4242</p>" });
        var internalUrl = new Uri(intranet.BaseUrl, "secret");
        await using var publicSite = await CapturingSite.StartAsync(
            SecurityEnvironmentFixture.PublicSiteAddress,
            pages: new Dictionary<string, string> { ["/datasheet"] = "<p>Battery backup lasts 6 hours.</p>" },
            redirects: new Dictionary<string, string> { ["/go"] = internalUrl.ToString() });

        // Another tenant's run, whose id the UI would list.
        var victim = await fixture.CreateProjectAsync("Victim");
        var (victimHandle, _) = await fixture.StartAsync(victim.Id, SecurityEnvironmentFixture.Brief(), StageDefinition.Create("generate"), StageDefinition.Create("approval", new { timeoutSeconds = 600 }));

        var attacker = await fixture.CreateProjectAsync("Attacker");
        var (handle, runId) = await fixture.StartAsync(
            attacker.Id,
            SecurityEnvironmentFixture.Brief(
                new BriefSource(BriefSourceKind.Url, new Uri(publicSite.BaseUrl, "datasheet").ToString(), "Public page"),
                new BriefSource(BriefSourceKind.Url, new Uri(fixture.UiUri, "api/v1/namespaces/default/workflows").ToString(), "Dev server UI"),
                new BriefSource(BriefSourceKind.Url, new Uri(publicSite.BaseUrl, "go").ToString(), "Redirect to loopback"),
                new BriefSource(BriefSourceKind.Url, $"http://localhost:{internalUrl.Port}/secret", "Name resolving to loopback"),
                new BriefSource(BriefSourceKind.Url, "http://169.254.169.254/latest/meta-data/", "Cloud metadata"),
                new BriefSource(BriefSourceKind.Url, $"http://user:pass@{publicSite.BaseUrl.Authority}/datasheet", "Embedded credentials")),
            StageDefinition.Create("research", new { fetchTimeoutSeconds = 3 }));
        await handle.GetResultAsync().WaitAsync(Deadline);

        var brief = Assert.IsType<ResearchBrief>(await fixture.Services.GetRequiredService<ResearchStore>().FindLatestAsync(runId, CancellationToken.None));
        Assert.Equal([true, false, false, false, false, false], brief.Sources.Select(s => s.Read));
        Assert.Contains("Battery backup lasts 6 hours.", brief.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(victimHandle.Id, brief.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(InternalSecret, brief.Text, StringComparison.Ordinal);
        Assert.Equal(5, brief.Warnings.Count);
        Assert.All(brief.Warnings, w => Assert.Contains("refused", w, StringComparison.Ordinal));
        Assert.Contains(brief.Warnings, w => w.Contains("a loopback address", StringComparison.Ordinal) && w.Contains("S2", StringComparison.Ordinal));
        Assert.Contains(brief.Warnings, w => w.Contains("S5", StringComparison.Ordinal) && w.Contains("link-local", StringComparison.Ordinal));
        Assert.Contains(brief.Warnings, w => w.Contains("S6", StringComparison.Ordinal) && w.Contains("credentials", StringComparison.Ordinal));

        // The redirect was followed to the public site only; nothing reached the internal one.
        Assert.Contains(publicSite.Requests, r => r.Path == "/go");
        Assert.Empty(intranet.Requests);
        await victimHandle.TerminateAsync("test over");
    }

    [Fact]
    public async Task Webhook_AimedAtTheUiTerminateRoute_DoesNotTerminateAnotherTenantsRun()
    {
        var victim = await fixture.CreateProjectAsync("Victim");
        var (victimHandle, _) = await fixture.StartAsync(victim.Id, SecurityEnvironmentFixture.Brief(), StageDefinition.Create("generate"), StageDefinition.Create("approval", new { timeoutSeconds = 600 }));
        await WaitUntilAsync(async () => (await victimHandle.QueryAsync(wf => wf.Status)).AwaitingApproval);

        var attacker = await fixture.CreateProjectAsync("Attacker");
        await SecretTestData.SetWebhookSecretAsync(fixture, attacker.Id, "hook", "whsec-attacker", "127.0.0.1");
        var terminate = new Uri(fixture.UiUri, $"api/v1/namespaces/default/workflows/{victimHandle.Id}/runs/latest/terminate");
        var (handle, _) = await fixture.StartAsync(
            attacker.Id,
            SecurityEnvironmentFixture.Brief(),
            StageDefinition.Create("generate"),
            StageDefinition.Create("publish", new { channels = new[] { new { type = "webhook", url = terminate.ToString(), signingSecretName = "hook", timeoutSeconds = 5 } } }));
        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(Deadline));

        Assert.Contains("refused", failure.InnerException?.InnerException?.Message ?? failure.InnerException?.Message, StringComparison.Ordinal);
        var description = await victimHandle.DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Running, description.Status);
        await victimHandle.TerminateAsync("test over");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!await condition())
        {
            // Polling a query is the only way to watch a workflow from outside; the deadline bounds it.
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }
}
