using System.Text.Json.Nodes;

namespace ContentFlows.Activities.Projects;

/// <summary>One setting that differs between two versions.</summary>
/// <param name="Path">Its JSON pointer, e.g. /brand/bannedPhrases (lists are compared whole).</param>
/// <param name="From">The older value; null when it was absent.</param>
/// <param name="To">The newer value; null when it was removed.</param>
public sealed record SettingsChange(string Path, JsonNode? From, JsonNode? To);
