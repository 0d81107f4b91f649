namespace ContentFlows.Api.Review;

/// <summary>Who the page is signed in as: the key's name (recorded as the reviewer), its role and its project.</summary>
internal sealed record ReviewSession(Guid ProjectId, string ProjectName, string Reviewer, string Role);
