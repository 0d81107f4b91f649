using System.Text.Json;
using ContentFlows.Activities.Pipelines;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Runs;
using ContentFlows.Activities.Tests.Llm;
using Temporalio.Client;
using Temporalio.Exceptions;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Activities.Tests.Pipelines;

/// <summary>The worker takes a project's LLM API key from its encrypted secrets, sends it only to the endpoint, and says clearly when it is missing.</summary>
[Collection(PipelineEnvironmentCollection.Name)]
public sealed class PipelineWorkflowLlmApiKeyTests(PipelineEnvironmentFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private FakeOpenAiServer server = null!;

    public async Task InitializeAsync() => server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task RunAsync_KeyInProjectSecrets_SentAsBearerTokenAndNowhereElse()
    {
        var apiKey = "sk-test-" + Guid.NewGuid().ToString("N");
        server.Enqueue(FakeReply.Completion(Draft(), promptTokens: 90, completionTokens: 60));
        var project = await ProjectAsync("llm-key-for-tests");
        await fixture.Services.GetRequiredService<ProjectSecretStore>().SetAsync(project.Id, "llm-key-for-tests", apiKey, new ProjectSecretScope(ProjectSecretPurposes.LlmApiKey), CancellationToken.None);

        var (handle, runId) = await StartAsync(project.Id);
        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal(PipelineRunState.Published, result.State);
        Assert.Equal("Bearer " + apiKey, Assert.Single(server.Requests).Authorization);
        await SecretLeakCheck.AssertAbsentAsync(handle, runId, fixture.Logs, apiKey);
    }

    [Fact]
    public async Task RunAsync_KeySecretMissing_FailsOnceAsAConfigurationErrorNamingTheSecret()
    {
        var project = await ProjectAsync(LlmSettings.DefaultApiKeySecret);

        var (handle, _) = await StartAsync(project.Id);
        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(Deadline));

        var failure = Assert.IsType<ApplicationFailureException>(Assert.IsType<ActivityFailureException>(failed.InnerException).InnerException);
        Assert.Equal((PipelineActivities.InvalidStageConfigErrorType, true), (failure.ErrorType, failure.NonRetryable));
        Assert.Contains($"the project secret \"{LlmSettings.DefaultApiKeySecret}\", which the project does not have", failure.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);

        // Not retried: every activity ran once.
        var history = await handle.FetchHistoryAsync();
        var attempts = history.Events.Where(e => e.EventType == EventType.ActivityTaskStarted).Select(e => e.ActivityTaskStartedEventAttributes.Attempt).ToList();
        Assert.NotEmpty(attempts);
        Assert.All(attempts, attempt => Assert.Equal(1, attempt));
    }

    private static string Draft() => JsonSerializer.Serialize(new ContentFields(
        "Acme Mesh Router: mesh wifi for busy families",
        "What the Acme Mesh Router offers busy families.",
        "Acme Mesh Router",
        "The Acme Mesh Router covers 120 square metres and connects up to 64 devices.\n\nMade in Berlin.",
        "Order the Acme Mesh Router today"));

    private Task<Project> ProjectAsync(string apiKeySecret) => fixture.CreateProjectAsync(new LlmSettings
    {
        Endpoint = server.Endpoint.ToString(),
        ApiKeySecret = apiKeySecret,
        RequestTimeoutSeconds = 10,
        DefaultModel = "gpt-test",
    });

    private async Task<(WorkflowHandle<PipelineWorkflow, PipelineResult> Handle, Guid RunId)> StartAsync(Guid projectId)
    {
        var definition = await fixture.Services.GetRequiredService<PipelineDefinitionStore>().AddVersionAsync(
            projectId,
            "llm-key",
            [StageDefinition.Create("generate", new { targetWords = 60 }), StageDefinition.Create("publish")],
            CancellationToken.None);
        var handle = await fixture.Services.GetRequiredService<PipelineRunLauncher>().StartAsync(projectId, definition.DefinitionId, definition.Version, PipelineEnvironmentFixture.Brief(), fixture.TaskQueue, CancellationToken.None);
        return (handle, Guid.ParseExact(handle.Id["pipeline-".Length..], "N"));
    }
}
