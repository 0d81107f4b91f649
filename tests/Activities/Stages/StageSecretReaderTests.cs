using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Stages;
using ContentFlows.Activities.Tests.Llm;
using ContentFlows.Activities.Tests.Pipelines;
using Microsoft.Extensions.DependencyInjection;

namespace ContentFlows.Activities.Tests.Stages;

[Collection(PipelineEnvironmentCollection.Name)]
public sealed class StageSecretReaderTests(PipelineEnvironmentFixture fixture)
{
    [Fact]
    public async Task RequireAsync_SecretRotated_OldValueUntilTheCacheLifetimeEnds()
    {
        var store = fixture.Services.GetRequiredService<ProjectSecretStore>();
        var project = await fixture.CreateProjectAsync();
        await store.SetAsync(project.Id, "rotating", "first", CancellationToken.None);
        var time = new ManualTimeProvider();
        var reader = new StageSecretReader(time, store);

        Assert.Equal("first", await reader.RequireAsync(project.Id, "rotating", "a test key", CancellationToken.None));
        await store.SetAsync(project.Id, "rotating", "second", CancellationToken.None);
        time.Advance(StageSecretReader.CacheLifetime - TimeSpan.FromSeconds(1));
        Assert.Equal("first", await reader.RequireAsync(project.Id, "rotating", "a test key", CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("second", await reader.RequireAsync(project.Id, "rotating", "a test key", CancellationToken.None));
    }

    [Fact]
    public async Task RequireAsync_NoSecretsKeyOnTheWorker_ConfigurationErrorSayingSo()
    {
        var reader = new StageSecretReader(TimeProvider.System, store: null);

        var error = await Assert.ThrowsAsync<StageConfigurationException>(() => reader.RequireAsync(Guid.NewGuid(), "llm-api-key", "the API key of the LLM endpoint https://llm.example/v1", CancellationToken.None));

        Assert.Equal(
            "The API key of the LLM endpoint https://llm.example/v1 is the project secret \"llm-api-key\", but this worker has no secrets key configured (ContentFlows:SecretsKey, the same key as the API's), so it cannot read project secrets.",
            error.Message);
    }

    [Fact]
    public async Task RequireAsync_EncryptedUnderAnotherKey_ConfigurationErrorNotACryptoException()
    {
        var project = await fixture.CreateProjectAsync();
        await fixture.Services.GetRequiredService<ProjectSecretStore>().SetAsync(project.Id, "signing", "value", CancellationToken.None);
        var otherKey = new ProjectSecretStore(fixture.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), new SecretsOptions(Convert.ToBase64String(new byte[32])), TimeProvider.System);
        var reader = new StageSecretReader(TimeProvider.System, otherKey);

        var error = await Assert.ThrowsAsync<StageConfigurationException>(() => reader.RequireAsync(project.Id, "signing", "a webhook's signing key", CancellationToken.None));

        Assert.Contains("cannot be decrypted with this worker's secrets key", error.Message, StringComparison.Ordinal);
    }
}
