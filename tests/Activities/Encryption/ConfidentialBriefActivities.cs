using Temporalio.Activities;

namespace ContentFlows.Activities.Tests.Encryption;

public sealed class ConfidentialBriefActivities
{
    [Activity]
    public string Outline(string brief) => $"outline of {brief}";
}
