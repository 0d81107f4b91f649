namespace ContentFlows.Workflows.Pipelines;

/// <summary>Marks a pipeline run as a translation of a master-language run (set by batches for non-master languages).</summary>
/// <param name="MasterRunId">The master language's pipeline run.</param>
/// <param name="MasterLanguage">The master language.</param>
/// <param name="MasterVersion">The master's final content version, the one to translate.</param>
public sealed record TranslationSource(Guid MasterRunId, string MasterLanguage, int? MasterVersion);
