using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Workflows.Batches;

/// <summary>
/// The definition a batch's translation child runs: the master's drafting stages (research, extract, generate) are
/// replaced by one <c>translate-from-master</c> stage that copies the master's final version into the run and
/// translates it; the stages after drafting (gates, rewrites, approval, publishing) run as defined.
/// </summary>
public static class BatchTranslationDefinition
{
    /// <summary>The stage type that starts a translation run from its master's version.</summary>
    public const string TranslateFromMasterStageType = "translate-from-master";

    private static readonly HashSet<string> DraftingStageTypes = new(StringComparer.Ordinal) { "research", "extract", "generate" };

    /// <summary>Returns <paramref name="definition"/> with its drafting stages replaced by a translation of the master.</summary>
    /// <param name="definition">The batch's pinned definition.</param>
    /// <param name="source">The master run and version to translate.</param>
    /// <param name="language">The translation's language.</param>
    /// <returns>The derived definition (same id and version: the run stays pinned to what the batch was given).</returns>
    public static PinnedPipelineDefinition Derive(PinnedPipelineDefinition definition, TranslationSource source, string language)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(source);

        // Everything up to the last drafting stage made the master's draft; what follows works on a draft.
        var lastDrafting = -1;
        for (var index = 0; index < definition.Stages.Count; index++)
        {
            if (DraftingStageTypes.Contains(definition.Stages[index].Type))
            {
                lastDrafting = index;
            }
        }

        var translate = StageDefinition.Create(
            TranslateFromMasterStageType,
            new { language, masterRunId = source.MasterRunId, masterLanguage = source.MasterLanguage, masterVersion = source.MasterVersion });
        return definition with { Stages = [translate, .. definition.Stages.Skip(lastDrafting + 1)] };
    }
}
