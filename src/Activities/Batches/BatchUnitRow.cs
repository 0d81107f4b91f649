namespace ContentFlows.Activities.Batches;

/// <summary>One unit of a batch (an item in one language) as its page lists it: the item's topic and, once it ended, its stored result.</summary>
/// <param name="ItemIndex">The dataset item's index.</param>
/// <param name="Language">The unit's language.</param>
/// <param name="Topic">The item's topic.</param>
/// <param name="Status">The stored result's status (kebab-case), or null while the unit is pending or running.</param>
/// <param name="Attempt">The attempt the result is from, or null.</param>
/// <param name="Score">The final gate score, or null.</param>
/// <param name="Cost">The result's LLM cost, or null.</param>
/// <param name="RunId">The run that produced the result, or null.</param>
/// <param name="Reason">Why it failed, was skipped or cancelled, or null.</param>
public sealed record BatchUnitRow(int ItemIndex, string Language, string Topic, string? Status, int? Attempt, int? Score, decimal? Cost, Guid? RunId, string? Reason);
