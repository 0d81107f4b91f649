using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Workflows.Batches;

/// <summary>One piece of work in a batch: an item in one language, at one attempt. Small, so lists of them cross continue-as-new.</summary>
/// <param name="ItemIndex">The dataset item's index (0-based, good rows only).</param>
/// <param name="Language">The language to produce, a BCP 47 tag.</param>
/// <param name="Attempt">0 for the first run; each retry-failed adds one, so every attempt has a child id of its own.</param>
/// <param name="TranslateFrom">For a non-master language, the master run to translate from; null for the master or while the master has not succeeded.</param>
public sealed record BatchUnit(int ItemIndex, string Language, int Attempt, TranslationSource? TranslateFrom = null);
