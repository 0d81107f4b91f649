namespace ContentFlows.Api.Definitions;

/// <summary>
/// What storing the stages would say: valid, or the problems by field (<c>stages[2]</c> for one stage,
/// <c>stages</c> for the whole list), so a builder shows each next to its stage.
/// </summary>
internal sealed record DefinitionValidation(bool Valid, IReadOnlyDictionary<string, string[]> Problems);
