namespace ContentFlows.Activities.Tests.Security;

/// <summary>The attack tests share one dev server (with its UI) and one worker with the default egress policy.</summary>
[CollectionDefinition(Name)]
public sealed class SecurityEnvironmentCollection : ICollectionFixture<SecurityEnvironmentFixture>
{
    public const string Name = "Security environment";
}
