namespace ContentFlows.Activities.Tests.Publishing;

/// <summary>One request <see cref="FakeWordPress"/> got: method, path and query, and whether its Basic credentials were right.</summary>
internal sealed record WordPressRequest(string Method, string PathAndQuery, bool Authenticated, string Authorization);
