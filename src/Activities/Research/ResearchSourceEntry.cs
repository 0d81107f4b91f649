using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Research;

/// <summary>One row of a research brief's source index.</summary>
/// <param name="Marker">The marker claims cite, "S1", "S2", ...</param>
/// <param name="Kind">The source kind.</param>
/// <param name="Location">Where it came from: the URL, the file path, or "inline".</param>
/// <param name="Title">The source's name.</param>
/// <param name="Read">True when its text went into the brief.</param>
/// <param name="Characters">How many characters of it went into the brief.</param>
/// <param name="Warning">Why it could not be read, or null.</param>
public sealed record ResearchSourceEntry(string Marker, BriefSourceKind Kind, string Location, string Title, bool Read, int Characters, string? Warning);
