using System.Text.RegularExpressions;

namespace ContentFlows.Activities.Translation;

/// <summary>
/// The config of the <c>translate-from-master</c> stage, written by the batch workflow for each translation child
/// (see <c>BatchTranslationDefinition</c>), not by definition authors.
/// </summary>
public sealed partial class TranslateFromMasterStageConfig
{
    /// <summary>Gets or sets the target language as a BCP 47 tag. Required.</summary>
    public string Language { get; set; } = string.Empty;

    /// <summary>Gets or sets the master-language pipeline run. Required.</summary>
    public Guid MasterRunId { get; set; }

    /// <summary>Gets or sets the master's language. Required.</summary>
    public string MasterLanguage { get; set; } = string.Empty;

    /// <summary>Gets or sets the master's final version, the one translated. Required.</summary>
    public int? MasterVersion { get; set; }

    /// <summary>Lists what is wrong with this config; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!LanguageTag().IsMatch(Language ?? string.Empty))
        {
            problems.Add($"language must be a BCP 47 tag such as \"de\" or \"pt-BR\" (was \"{Language}\").");
        }

        if (!LanguageTag().IsMatch(MasterLanguage ?? string.Empty))
        {
            problems.Add($"masterLanguage must be a BCP 47 tag (was \"{MasterLanguage}\").");
        }

        if (MasterRunId == Guid.Empty)
        {
            problems.Add("masterRunId is required.");
        }

        if (MasterVersion is not > 0)
        {
            problems.Add($"masterVersion must be a version number of the master run (was {MasterVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}): the master produced no content to translate.");
        }

        return problems;
    }

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();
}
