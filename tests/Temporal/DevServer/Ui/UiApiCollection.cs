namespace ContentFlows.Temporal.DevServer.Tests.Ui;

/// <summary>The UI's JSON API tests, sharing one dev server.</summary>
[CollectionDefinition(Name)]
public sealed class UiApiCollection : ICollectionFixture<UiFixture>
{
    public const string Name = "History UI API over HTTP";
}
