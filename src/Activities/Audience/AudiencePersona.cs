namespace ContentFlows.Activities.Audience;

/// <summary>A reader the content is written for.</summary>
/// <param name="Name">A short name, for example "Busy parent".</param>
/// <param name="Needs">What this reader wants from the content.</param>
/// <param name="Objections">What holds this reader back, which the content should answer.</param>
/// <param name="ToneNotes">How to speak to this reader.</param>
public sealed record AudiencePersona(string Name, IReadOnlyList<string> Needs, IReadOnlyList<string> Objections, string ToneNotes);
