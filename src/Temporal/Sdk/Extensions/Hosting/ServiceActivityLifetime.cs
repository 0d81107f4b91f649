namespace ContentFlows.Temporal.Extensions.Hosting;

/// <summary>How a hosted worker obtains the instance an activity method runs on.</summary>
internal enum ServiceActivityLifetime
{
    /// <summary>Resolved in a new scope per invocation.</summary>
    Scoped,

    /// <summary>Resolved once from the root provider.</summary>
    Singleton,

    /// <summary>Resolved in a new scope per invocation, as a new instance.</summary>
    Transient,
}
