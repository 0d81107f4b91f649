using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Stages;
using ContentFlows.Activities.Tests.Llm;
using ContentFlows.Activities.Tests.Pipelines;
using Microsoft.Extensions.DependencyInjection;

namespace ContentFlows.Activities.Tests.Stages;

[Collection(PipelineEnvironmentCollection.Name)]
public sealed class StageSecretReaderTests(PipelineEnvironmentFixture fixture)
{
    private static readonly ProjectSecretScope LlmKey = new(ProjectSecretPurposes.LlmApiKey);
    private static readonly Uri Endpoint = new("https://llm.example/v1");

    [Fact]
    public async Task RequireAsync_SecretRotated_OldValueUntilTheCacheLifetimeEnds()
    {
        var store = fixture.Services.GetRequiredService<ProjectSecretStore>();
        var project = await fixture.CreateProjectAsync();
        await store.SetAsync(project.Id, "rotating", "first", LlmKey, CancellationToken.None);
        var time = new ManualTimeProvider();
        var reader = new StageSecretReader(time, store);

        Assert.Equal("first", await reader.RequireAsync(project.Id, "rotating", ProjectSecretPurposes.LlmApiKey, Endpoint, "a test key", CancellationToken.None));
        await store.SetAsync(project.Id, "rotating", "second", LlmKey, CancellationToken.None);
        time.Advance(StageSecretReader.CacheLifetime - TimeSpan.FromSeconds(1));
        Assert.Equal("first", await reader.RequireAsync(project.Id, "rotating", ProjectSecretPurposes.LlmApiKey, Endpoint, "a test key", CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("second", await reader.RequireAsync(project.Id, "rotating", ProjectSecretPurposes.LlmApiKey, Endpoint, "a test key", CancellationToken.None));
    }

    [Fact]
    public async Task RequireAsync_SecretOfAnotherPurposeOrHost_Refused()
    {
        var store = fixture.Services.GetRequiredService<ProjectSecretStore>();
        var project = await fixture.CreateProjectAsync();
        await store.SetAsync(project.Id, "llm-key", "sk-1", LlmKey, CancellationToken.None);
        await store.SetAsync(project.Id, "wp", "pw-1", new ProjectSecretScope(ProjectSecretPurposes.WordPressPassword, "blog.example"), CancellationToken.None);
        await store.SetAsync(project.Id, "legacy", "old", LlmKey, CancellationToken.None);
        var reader = new StageSecretReader(TimeProvider.System, store);

        var wrongPurpose = await Assert.ThrowsAsync<StageConfigurationException>(() => reader.RequireAsync(project.Id, "llm-key", ProjectSecretPurposes.WordPressPassword, new Uri("https://blog.example/"), "a password", CancellationToken.None));
        var wrongHost = await Assert.ThrowsAsync<StageConfigurationException>(() => reader.RequireAsync(project.Id, "wp", ProjectSecretPurposes.WordPressPassword, new Uri("https://attacker.example/"), "a password", CancellationToken.None));

        Assert.Contains("is not declared for the purpose wordpress-password", wrongPurpose.Message, StringComparison.Ordinal);
        Assert.Contains("may only be sent to blog.example, not to attacker.example", wrongHost.Message, StringComparison.Ordinal);
        Assert.Equal("pw-1", await reader.RequireAsync(project.Id, "wp", ProjectSecretPurposes.WordPressPassword, new Uri("https://BLOG.example/wp"), "a password", CancellationToken.None));
    }

    [Fact]
    public async Task RequireAsync_NoSecretsKeyOnTheWorker_ConfigurationErrorSayingSo()
    {
        var reader = new StageSecretReader(TimeProvider.System, store: null);

        var error = await Assert.ThrowsAsync<StageConfigurationException>(() => reader.RequireAsync(Guid.NewGuid(), "llm-api-key", ProjectSecretPurposes.LlmApiKey, Endpoint, "the API key of the LLM endpoint https://llm.example/v1", CancellationToken.None));

        Assert.Equal(
            "The API key of the LLM endpoint https://llm.example/v1 is the project secret \"llm-api-key\", but this worker has no secrets key configured (ContentFlows:SecretsKey, the same key as the API's), so it cannot read project secrets.",
            error.Message);
    }

    [Fact]
    public async Task RequireAsync_EncryptedUnderAnotherKey_ConfigurationErrorNotACryptoException()
    {
        var project = await fixture.CreateProjectAsync();
        await fixture.Services.GetRequiredService<ProjectSecretStore>().SetAsync(project.Id, "signing", "value", LlmKey, CancellationToken.None);
        var otherKey = new ProjectSecretStore(fixture.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), new SecretsOptions(Convert.ToBase64String(new byte[32])), TimeProvider.System);
        var reader = new StageSecretReader(TimeProvider.System, otherKey);

        var error = await Assert.ThrowsAsync<StageConfigurationException>(() => reader.RequireAsync(project.Id, "signing", ProjectSecretPurposes.LlmApiKey, Endpoint, "a webhook's signing key", CancellationToken.None));

        Assert.Contains("cannot be decrypted with this worker's secrets key", error.Message, StringComparison.Ordinal);
    }
}
