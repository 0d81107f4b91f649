using System.Collections.Concurrent;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace ContentFlows.Temporal.DevServer.Tests.Reset;

/// <summary>Counts how often each step ran; step "three" fails until <see cref="ThirdStepFixed"/> is set.</summary>
public sealed class StepActivities
{
    public ConcurrentDictionary<string, int> Runs { get; } = new(StringComparer.Ordinal);

    public bool ThirdStepFixed { get; set; }

    [Activity]
    public Task<string> RunStepAsync(string step)
    {
        Runs.AddOrUpdate(step, 1, (_, count) => count + 1);
        if (step == "three" && !ThirdStepFixed)
        {
            throw new ApplicationFailureException("step three is broken", nonRetryable: true);
        }

        return Task.FromResult(step + "-done");
    }
}
