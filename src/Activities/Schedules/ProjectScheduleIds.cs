namespace ContentFlows.Activities.Schedules;

/// <summary>
/// Temporal schedule ids of projects' schedules: <c>cf-{projectId:N}-{name}</c>. Ids are namespace-wide in Temporal,
/// so the project is part of the id; two projects may use the same name, and a project key can only address its own.
/// </summary>
public static class ProjectScheduleIds
{
    /// <summary>The prefix of every id of <paramref name="projectId"/>'s schedules.</summary>
    public static string PrefixOf(Guid projectId) => $"cf-{projectId:N}-";

    /// <summary>The schedule id of a project's schedule called <paramref name="name"/>.</summary>
    public static string Of(Guid projectId, string name) => PrefixOf(projectId) + name;

    /// <summary>The workflow id prefix of the schedule's actions (Temporal appends each action's time).</summary>
    public static string ActionWorkflowIdOf(Guid projectId, string name) => "scheduled-" + Of(projectId, name);

    /// <summary>Returns the name of a schedule id of <paramref name="projectId"/>, or null when the id is not that project's.</summary>
    public static string? NameOf(Guid projectId, string scheduleId)
    {
        ArgumentNullException.ThrowIfNull(scheduleId);
        var prefix = PrefixOf(projectId);
        return scheduleId.StartsWith(prefix, StringComparison.Ordinal) && scheduleId.Length > prefix.Length ? scheduleId[prefix.Length..] : null;
    }
}
