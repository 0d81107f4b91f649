using System.Text.Json;

namespace ContentFlows.Workflows.Pipelines;

/// <summary>The input of the one generic stage activity: which stage of which run, on which draft version.</summary>
/// <param name="ProjectId">The project (tenant).</param>
/// <param name="RunId">The pipeline run.</param>
/// <param name="StageIndex">The stage's position in the pinned definition.</param>
/// <param name="StageType">The registered stage type name.</param>
/// <param name="Config">The stage's config from the pinned definition.</param>
/// <param name="InputVersion">The content version the stage works on; null before the first draft exists.</param>
/// <param name="Round">The rewrite round (1-based) for repeated stages; 0 otherwise. Part of idempotency keys.</param>
/// <param name="Channels">For a publish stage run channel by channel at their scheduled times: the channel names due now; null publishes all.</param>
public sealed record StageInvocation(
    Guid ProjectId,
    Guid RunId,
    int StageIndex,
    string StageType,
    JsonElement Config,
    int? InputVersion,
    int Round,
    IReadOnlyList<string>? Channels = null);
