namespace ContentFlows.Temporal.DevServer.Tests.Retention;

/// <summary>The system clock moved forward by <see cref="Offset"/>: tests pass a namespace's retention without waiting for it.</summary>
internal sealed class OffsetTimeProvider : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
