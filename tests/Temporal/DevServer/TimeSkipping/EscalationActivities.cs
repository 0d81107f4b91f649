using Temporalio.Activities;

namespace ContentFlows.Temporal.DevServer.Tests.TimeSkipping;

/// <summary>The escalation an unapproved document gets.</summary>
public sealed class EscalationActivities
{
    [Activity]
    public Task<string> EscalateAsync(string document) => Task.FromResult($"{document} escalated");
}
