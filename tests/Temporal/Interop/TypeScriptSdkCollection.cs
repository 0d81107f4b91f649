namespace ContentFlows.Temporal.InteropTests;

/// <summary>Tests that share one dev server and one TS harness.</summary>
[CollectionDefinition(Name)]
public sealed class TypeScriptSdkCollection : ICollectionFixture<TypeScriptSdkFixture>
{
    public const string Name = "TypeScript SDK against the dev server";
}
