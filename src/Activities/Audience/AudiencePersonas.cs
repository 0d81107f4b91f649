namespace ContentFlows.Activities.Audience;

/// <summary>The <c>audience</c> stage's JSON reply, as stored.</summary>
/// <param name="Personas">The personas, most important first.</param>
public sealed record AudiencePersonas(IReadOnlyList<AudiencePersona> Personas);
