namespace ContentFlows.Temporal.Extensions.Hosting;

/// <content>Workflow registration.</content>
public static partial class TemporalWorkerServiceOptionsBuilderExtensions
{
    /// <summary>Adds a <see cref="Workflows.WorkflowAttribute"/> class to the worker.</summary>
    /// <typeparam name="TWorkflow">The workflow class (built by the runtime, not by DI: workflow code must stay deterministic).</typeparam>
    /// <param name="builder">The worker builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ITemporalWorkerServiceOptionsBuilder AddWorkflow<TWorkflow>(this ITemporalWorkerServiceOptionsBuilder builder) =>
        builder.ConfigureOptions(options => options.AddWorkflow<TWorkflow>());
}
