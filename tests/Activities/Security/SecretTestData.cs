using ContentFlows.Activities.Projects;
using Microsoft.Extensions.DependencyInjection;

namespace ContentFlows.Activities.Tests.Security;

/// <summary>Stores project secrets the way an admin declares them.</summary>
internal static class SecretTestData
{
    public static Task SetWebhookSecretAsync(SecurityEnvironmentFixture fixture, Guid projectId, string name, string value, string host) =>
        fixture.Services.GetRequiredService<ProjectSecretStore>().SetAsync(projectId, name, value, new ProjectSecretScope(ProjectSecretPurposes.WebhookSigning, host), CancellationToken.None);

    public static Task SetLlmKeyAsync(SecurityEnvironmentFixture fixture, Guid projectId, string name, string value) =>
        fixture.Services.GetRequiredService<ProjectSecretStore>().SetAsync(projectId, name, value, new ProjectSecretScope(ProjectSecretPurposes.LlmApiKey), CancellationToken.None);
}
