using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Engine.Schedules;

/// <summary>An action time waiting to be started: nominal (pre-jitter) and actual time, its overlap policy (unspecified = the schedule's), and whether a trigger or backfill asked for it.</summary>
internal sealed record BufferedStart(DateTimeOffset Nominal, DateTimeOffset Actual, ScheduleOverlapPolicy OverlapPolicy, bool Manual);
