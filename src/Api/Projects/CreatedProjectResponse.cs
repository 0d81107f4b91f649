using ContentFlows.Api.Keys;

namespace ContentFlows.Api.Projects;

/// <summary>A project just created and its first admin key (shown once).</summary>
internal sealed record CreatedProjectResponse(ProjectResponse Project, CreatedApiKeyResponse AdminKey);
