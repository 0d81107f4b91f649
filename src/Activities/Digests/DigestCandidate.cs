namespace ContentFlows.Activities.Digests;

/// <summary>A feed item as the triage prompt shows it.</summary>
/// <param name="Index">Its position in the task, which the reply's scores name.</param>
/// <param name="Title">Its title.</param>
/// <param name="Summary">Its summary.</param>
/// <param name="Link">Its link.</param>
public sealed record DigestCandidate(int Index, string Title, string Summary, string Link);
