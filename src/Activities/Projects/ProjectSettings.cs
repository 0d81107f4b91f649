namespace ContentFlows.Activities.Projects;

/// <summary>Everything about a project that is versioned: brand profile, quality thresholds, LLM settings and publishing rules.</summary>
/// <param name="Brand">The brand profile (voice, banned and required phrases, personas, glossary).</param>
/// <param name="Quality">The quality thresholds.</param>
/// <param name="Llm">The LLM settings (endpoint, models, prompts, prices).</param>
/// <param name="Publishing">The publishing rules.</param>
public sealed record ProjectSettings(BrandProfile Brand, QualityThresholds Quality, LlmSettings Llm, PublishingSettings Publishing)
{
    /// <summary>Gets the top-level names of the settings, as they appear in JSON.</summary>
    public static IReadOnlyList<string> Sections { get; } = ["brand", "quality", "llm", "publishing"];

    /// <summary>Lists what is wrong with these settings as (field, problem) pairs; empty when valid.</summary>
    public IReadOnlyList<(string Field, string Problem)> Validate()
    {
        var problems = new List<(string Field, string Problem)>();
        if (Brand is null || Quality is null || Llm is null || Publishing is null)
        {
            problems.Add(("settings", "brand, quality, llm and publishing must not be null."));
            return problems;
        }

        problems.AddRange(Quality.Validate());

        foreach (var (field, phrases) in new[] { ("brand.bannedPhrases", Brand.BannedPhrases), ("brand.requiredPhrases", Brand.RequiredPhrases) })
        {
            if (phrases is null || phrases.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add((field, "must be a list of non-empty phrases"));
            }
        }

        if (Brand.Glossary is null || Brand.Glossary.Keys.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add(("brand.glossary", "must map non-empty terms to how to use them"));
        }

        if (Brand.Personas is null || Brand.Personas.Any(p => p is null))
        {
            problems.Add(("brand.personas", "must be a list of personas"));
        }

        foreach (var problem in Llm.Validate())
        {
            // LlmSettings problems start with their field, e.g. "llm.endpoint must be ...".
            var field = problem.Split(' ', 2)[0];
            problems.Add((field.StartsWith("llm", StringComparison.Ordinal) ? field : "llm", problem));
        }

        return problems;
    }
}
