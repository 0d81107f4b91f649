using System.Collections.Concurrent;
using ContentFlows.Temporal.Activities;

namespace ContentFlows.Temporal.Sdk.Tests.Extensions.Hosting;

/// <summary>Counts the scoped formatters created and disposed.</summary>
public sealed class ScopeTracker
{
    public ConcurrentBag<int> Created { get; } = [];

    public ConcurrentBag<int> Disposed { get; } = [];
}

/// <summary>A scoped dependency: one per activity invocation when the activity class is scoped.</summary>
public sealed class GreetingFormatter : IDisposable
{
    private static int nextId;
    private readonly ScopeTracker tracker;

    public GreetingFormatter(ScopeTracker tracker)
    {
        this.tracker = tracker;
        Id = Interlocked.Increment(ref nextId);
        tracker.Created.Add(Id);
    }

    public int Id { get; }

    public string Format(string name) => $"Hello, {name} (formatter {Id})";

    public void Dispose() => tracker.Disposed.Add(Id);
}

/// <summary>An activity class with a constructor dependency, built by DI.</summary>
public sealed class ScopedGreetingActivities(GreetingFormatter formatter)
{
    [Activity]
    public async Task<string> GreetAsync(string name)
    {
        await Task.Yield();
        return formatter.Format(name);
    }
}
