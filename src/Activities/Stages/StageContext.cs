using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Runs;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Stages;

/// <summary>What a stage gets to work with: the invocation, the project's settings and the run (with its brief).</summary>
/// <param name="Invocation">The invocation from the workflow.</param>
/// <param name="Project">The project's settings.</param>
/// <param name="Run">The run row, brief included.</param>
/// <param name="CancellationToken">Cancelled when the activity is cancelled or times out.</param>
public sealed record StageContext(StageInvocation Invocation, Project Project, PipelineRun Run, CancellationToken CancellationToken)
{
    /// <summary>Gets a key unique to this stage execution, stable across activity retries.</summary>
    public string ExecutionKey => $"stage:{Invocation.StageIndex}:round:{Invocation.Round}";

    /// <summary>Gets the version the stage works on.</summary>
    /// <exception cref="StageConfigurationException">The stage runs before any draft exists.</exception>
    public int RequireInputVersion() => Invocation.InputVersion
        ?? throw new StageConfigurationException($"The {Invocation.StageType} stage (index {Invocation.StageIndex}) needs a draft; put a generating stage before it.");
}
