namespace ContentFlows.Api.Tests;

/// <summary>
/// The API test classes run one after another: each starts a whole stack (its own schema, dev server, worker and API,
/// through <see cref="ApiEnvironmentFixture"/> as a class fixture), and two at once would only compete for the cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ApiEnvironmentCollection
{
    public const string Name = "API environment";
}
