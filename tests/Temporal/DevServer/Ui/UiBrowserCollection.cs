namespace ContentFlows.Temporal.DevServer.Tests.Ui;

/// <summary>The UI's browser tests, sharing one dev server and one headless chromium.</summary>
[CollectionDefinition(Name)]
public sealed class UiBrowserCollection : ICollectionFixture<UiFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "History UI in a browser";
}
