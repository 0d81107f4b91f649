namespace ContentFlows.Api.Review;

/// <summary>One embedded file of the reviewers' page.</summary>
internal sealed record ReviewPageAsset(byte[] Bytes, string ContentType, string ETag);
