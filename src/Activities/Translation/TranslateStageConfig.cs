using System.Text.RegularExpressions;

namespace ContentFlows.Activities.Translation;

/// <summary>The config of the <c>translate</c> stage.</summary>
public sealed partial class TranslateStageConfig
{
    /// <summary>Gets or sets the target language as a BCP 47 tag, e.g. "de" or "pt-BR". Required.</summary>
    public string Language { get; set; } = string.Empty;

    /// <summary>Lists what is wrong with this config; empty when valid.</summary>
    public IReadOnlyList<string> Validate() =>
        LanguageTag().IsMatch(Language ?? string.Empty) ? [] : [$"language must be a BCP 47 tag such as \"de\" or \"pt-BR\" (was \"{Language}\")."];

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();
}
