namespace ContentFlows.Workflows.Pipelines;

/// <summary>
/// Replaces a stage's default prompt text, per project or per run (the run's wins). Either part may be left null to
/// keep the next level's text. The task data (brief, draft, findings) always follows the user text as a fenced JSON
/// block, so an override changes the instructions, never what the stage passes on.
/// </summary>
/// <param name="System">The system message; null keeps the next level's.</param>
/// <param name="User">The instruction that opens the user message; null keeps the next level's.</param>
public sealed record PromptOverride(string? System = null, string? User = null);
