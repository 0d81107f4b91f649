using ContentFlows.Temporal.Activities;
using ContentFlows.Temporal.Exceptions;

namespace ContentFlows.Temporal.Sdk.Tests.Client;

public sealed class ShoutActivities
{
    [Activity]
    public Task<string> ShoutAsync(string text) =>
        text == "refuse"
            ? throw new ApplicationFailureException("refused to shout", "ShoutRefused", nonRetryable: true, details: ["too quiet"])
            : Task.FromResult(text.ToUpperInvariant() + "!");
}
