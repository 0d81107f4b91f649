namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>Where an activity's current attempt stands.</summary>
internal enum ActivityAttemptStatus
{
    /// <summary>Waiting in its task queue for a worker.</summary>
    Scheduled,

    /// <summary>A worker holds the current attempt.</summary>
    Started,

    /// <summary>Waiting out the retry interval before the next attempt is queued.</summary>
    BackingOff,
}
