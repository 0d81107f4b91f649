using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Translation;

/// <summary>The fenced task of a translate prompt.</summary>
/// <param name="SourceLanguage">The master version's language.</param>
/// <param name="Language">The target language.</param>
/// <param name="Content">The master version.</param>
/// <param name="Glossary">The brand's preferred terms.</param>
public sealed record TranslateTask(string SourceLanguage, string Language, ContentFields Content, IReadOnlyDictionary<string, string> Glossary)
{
    /// <summary>The task name.</summary>
    public const string Name = "translate";

    /// <summary>Gets the task name, for the offline generator.</summary>
    public string Task => Name;
}
