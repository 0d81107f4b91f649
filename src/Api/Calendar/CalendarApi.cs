using System.Security.Claims;
using ContentFlows.Activities.Pipelines;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Publishing;
using ContentFlows.Activities.Runs;
using ContentFlows.Api.Access;
using ContentFlows.Api.Infrastructure;
using ContentFlows.Api.Schedules;
using Microsoft.AspNetCore.Http.HttpResults;
using Temporalio.Client;

namespace ContentFlows.Api.Calendar;

/// <summary>
/// The content calendar: what the project publishes when, per channel — runs' scheduled (and done) publications from
/// their rows, and the next action times Temporal gives for the project's recurring schedules.
/// </summary>
internal static class CalendarApi
{
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(30);
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);

    public static RouteGroupBuilder MapCalendarApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api/calendar").WithTags("Calendar").RequireAuthorization(ApiPolicies.Reader);
        group.MapGet("/", GetCalendarAsync).WithName("GetCalendar")
            .WithSummary("What will be published when, from ?from to ?to (ISO 8601, the project's time zone unless given an offset; default the next 30 days), optionally for one ?channel.");
        return group;
    }

    public static async Task<Results<Ok<CalendarResponse>, ValidationProblem>> GetCalendarAsync(
        string? from,
        string? to,
        string? channel,
        ClaimsPrincipal user,
        ProjectStore projects,
        PublicationScheduleStore schedules,
        PipelineDefinitionStore definitions,
        ITemporalClient client,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var project = await projects.GetAsync(caller.ProjectId, cancellationToken);
        var zone = ProjectLocalTime.FindZone(project.Publishing.TimeZone) ?? TimeZoneInfo.Utc;
        var errors = new ValidationErrors();
        var start = from is null ? timeProvider.GetUtcNow() : ProjectLocalTime.Parse(from, zone, "from", errors);
        var end = to is null ? start + DefaultRange : ProjectLocalTime.Parse(to, zone, "to", errors);
        if (start is { } s && end is { } e && (e <= s || e - s > MaxRange))
        {
            errors.Add("to", $"must be after from and at most {MaxRange.TotalDays} days after it");
        }

        if (channel is not null && !ChannelNames.IsValid(channel))
        {
            errors.Add("channel", $"must be a channel name: {ChannelNames.Rule} (was \"{channel}\")");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        var entries = new List<CalendarEntry>();
        foreach (var publication in await schedules.ListForProjectAsync(caller.ProjectId, start!.Value, end!.Value, channel, cancellationToken))
        {
            entries.Add(new CalendarEntry("publication", publication.PublishAt, ProjectLocalTime.Format(publication.PublishAt, zone), publication.Channel, publication.RunId, publication.Status, null, null, null));
        }

        var listed = await SchedulesApi.ListSchedulesAsync(user, client, cancellationToken);
        foreach (var schedule in listed.Value ?? [])
        {
            var times = schedule.NextActionTimes.Where(t => t >= start.Value && t < end.Value).ToList();
            if (times.Count == 0)
            {
                continue;
            }

            // An intake schedule starts batches of its own definition; a pipeline schedule publishes where its definition does.
            IEnumerable<string?> channels;
            try
            {
                var definition = await definitions.GetAsync(caller.ProjectId, schedule.DefinitionId, schedule.DefinitionVersion, cancellationToken);
                channels = PipelineRunLauncher.ChannelsOf(definition).Order(StringComparer.Ordinal).ToList();
            }
            catch (KeyNotFoundException)
            {
                // The schedule names a definition version the project no longer has: its actions will fail, but they are due.
                channels = [];
            }

            channels = channels.Any() ? channels : [null];
            foreach (var scheduleChannel in channels.Where(c => channel is null || c == channel))
            {
                entries.AddRange(times.Select(t => new CalendarEntry("schedule", t, ProjectLocalTime.Format(t, zone), scheduleChannel, null, null, schedule.Name, schedule.DefinitionId, schedule.Paused)));
            }
        }

        var ordered = entries.OrderBy(e => e.At).ThenBy(e => e.Channel, StringComparer.Ordinal).ThenBy(e => e.Kind, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new CalendarResponse(zone.Id, start.Value, end.Value, channel, ordered));
    }
}
