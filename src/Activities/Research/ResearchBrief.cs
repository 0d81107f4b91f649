namespace ContentFlows.Activities.Research;

/// <summary>What the research stage made of a run's sources, stored per run and stage.</summary>
/// <param name="Text">The brief: each readable source's text under its marker.</param>
/// <param name="Score">0–100: the share of sources that could be read.</param>
/// <param name="Sources">The source index.</param>
/// <param name="Warnings">Degradation warnings, one per unreadable source.</param>
public sealed record ResearchBrief(string Text, int Score, IReadOnlyList<ResearchSourceEntry> Sources, IReadOnlyList<string> Warnings);
