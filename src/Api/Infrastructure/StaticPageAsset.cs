namespace ContentFlows.Api.Infrastructure;

/// <summary>One embedded file of a page of the API.</summary>
internal sealed record StaticPageAsset(byte[] Bytes, string ContentType, string ETag);
