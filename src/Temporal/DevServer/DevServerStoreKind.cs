namespace ContentFlows.Temporal.DevServer;

/// <summary>Where the dev server keeps its state.</summary>
public enum DevServerStoreKind
{
    /// <summary>In memory: fast, gone when the process ends.</summary>
    Memory,

    /// <summary>PostgreSQL: every acknowledged change survives a crash.</summary>
    Postgres,
}
