using ContentFlows.Api.Runs;

namespace ContentFlows.Api.Schedules;

/// <summary>A recurring pipeline: when (a cron expression or an interval, in a time zone), how runs may overlap, and what to start.</summary>
/// <param name="Name">Unique within the project: lowercase letters, digits and hyphens.</param>
/// <param name="DefinitionId">The definition to run.</param>
/// <param name="DefinitionVersion">The version to pin; the latest when null.</param>
/// <param name="Brief">The brief template (pipeline schedules); <c>{date}</c> and <c>{time}</c> become each action's time in <paramref name="TimeZone"/>.</param>
/// <param name="Cron">A five-field cron expression (or a macro such as <c>@daily</c>); either this or <paramref name="IntervalSeconds"/>.</param>
/// <param name="IntervalSeconds">Every so many seconds; either this or <paramref name="Cron"/>.</param>
/// <param name="TimeZone">An IANA time zone such as "Europe/Berlin"; UTC when null.</param>
/// <param name="JitterSeconds">Each action starts up to this many seconds late, at random, so many schedules do not all start at once.</param>
/// <param name="Overlap">What happens when an action is due while the last run still runs: skip (default), buffer-one, buffer-all, cancel-other, terminate-other, allow-all.</param>
/// <param name="CatchupWindowSeconds">How late a missed action (the server was down) may still start; Temporal's default (one year) when null.</param>
/// <param name="Paused">Whether the schedule starts paused.</param>
/// <param name="Note">Why it is paused, or any note.</param>
/// <param name="Intake">Set for a catalogue intake instead of a pipeline run per action; the brief is then not used.</param>
internal sealed record CreateScheduleRequest(
    string? Name,
    Guid? DefinitionId,
    int? DefinitionVersion,
    BriefRequest? Brief,
    string? Cron,
    int? IntervalSeconds,
    string? TimeZone,
    int? JitterSeconds,
    string? Overlap,
    int? CatchupWindowSeconds,
    bool? Paused,
    string? Note,
    IntakeRequest? Intake = null);
