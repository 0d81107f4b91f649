using System.Security.Claims;
using ContentFlows.Activities.Pipelines;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Publishing;
using ContentFlows.Activities.Runs;
using ContentFlows.Api.Access;
using ContentFlows.Api.Infrastructure;
using ContentFlows.Api.Runs;
using ContentFlows.Workflows.Pipelines;
using Microsoft.AspNetCore.Http.HttpResults;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace ContentFlows.Api.Publications;

/// <summary>
/// A run's scheduled publications: list, reschedule (PUT) and cancel (DELETE) one channel's publication. The run's
/// workflow holds the time on a durable timer; a change reaches it as the <c>schedule-publication</c> signal.
/// </summary>
internal static class PublicationsApi
{
    public static RouteGroupBuilder MapPublicationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api/runs/{runId:guid}/publications").WithTags("Publications").RequireAuthorization(ApiPolicies.Reader);
        group.MapGet("/", ListPublicationsAsync).WithName("ListScheduledPublications")
            .WithSummary("List the run's channels with a publication time (scheduled, cancelled or published).");
        group.MapPut("/{channel}", ReschedulePublicationAsync).RequireAuthorization(ApiPolicies.Editor).WithName("SchedulePublication")
            .WithSummary("Set or move the time one channel publishes at (ISO 8601, the project's time zone unless given an offset; in the future).");
        group.MapDelete("/{channel}", CancelPublicationAsync).RequireAuthorization(ApiPolicies.Editor).WithName("CancelPublication")
            .WithSummary("Cancel one channel's publication: the run does not publish there (409 once published).");
        return group;
    }

    public static async Task<Results<Ok<List<ScheduledPublicationResponse>>, ProblemHttpResult>> ListPublicationsAsync(
        Guid runId, ClaimsPrincipal user, PipelineRunStore runs, ProjectStore projects, PublicationScheduleStore schedules, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (await runs.FindOwnAsync(caller, runId, cancellationToken) is null)
        {
            return ApiProblems.NotFound("Run", runId);
        }

        var zone = await ZoneOfAsync(projects, caller.ProjectId, cancellationToken);
        var entries = await schedules.ListForRunAsync(runId, cancellationToken);
        return TypedResults.Ok(entries.Select(e => ScheduledPublicationResponse.From(e, zone)).ToList());
    }

    public static async Task<Results<Ok<ScheduledPublicationResponse>, ValidationProblem, ProblemHttpResult>> ReschedulePublicationAsync(
        Guid runId,
        string channel,
        PublicationScheduleRequest? request,
        ClaimsPrincipal user,
        PipelineRunStore runs,
        ProjectStore projects,
        PipelineDefinitionStore definitions,
        PublicationScheduleStore schedules,
        ITemporalClient client,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (await runs.FindOwnAsync(caller, runId, cancellationToken) is not { } run)
        {
            return ApiProblems.NotFound("Run", runId);
        }

        var zone = await ZoneOfAsync(projects, caller.ProjectId, cancellationToken);
        var errors = new ValidationErrors();
        var publishAt = request?.PublishAt is null ? null : ProjectLocalTime.Parse(request.PublishAt, zone, "publishAt", errors);
        if (request?.PublishAt is null)
        {
            errors.Add("publishAt", "is required: an ISO 8601 date-time such as \"2027-03-01T09:00\"");
        }
        else if (publishAt is { } at && at <= timeProvider.GetUtcNow())
        {
            errors.Add("publishAt", $"must be in the future (was {ProjectLocalTime.Format(at, zone)} in {zone.Id}, now {ProjectLocalTime.Format(timeProvider.GetUtcNow(), zone)})");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        if (await CheckChannelAsync(run, channel, definitions, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (await SignalAsync(client, run, new PublicationScheduleChange(channel, publishAt, caller.Name)) is { } ended)
        {
            return ended;
        }

        if (!await schedules.SetAsync(caller.ProjectId, runId, channel, publishAt, cancellationToken))
        {
            return AlreadyPublished(runId, channel);
        }

        var entry = (await schedules.ListForRunAsync(runId, cancellationToken)).Single(e => e.Channel == channel);
        return TypedResults.Ok(ScheduledPublicationResponse.From(entry, zone));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> CancelPublicationAsync(
        Guid runId,
        string channel,
        ClaimsPrincipal user,
        PipelineRunStore runs,
        PipelineDefinitionStore definitions,
        PublicationScheduleStore schedules,
        ITemporalClient client,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (await runs.FindOwnAsync(caller, runId, cancellationToken) is not { } run)
        {
            return ApiProblems.NotFound("Run", runId);
        }

        if (await CheckChannelAsync(run, channel, definitions, cancellationToken) is { } refused)
        {
            return refused;
        }

        if ((await schedules.ListForRunAsync(runId, cancellationToken)).Any(e => e.Channel == channel && e.Status == PublicationScheduleStatuses.Published))
        {
            return AlreadyPublished(runId, channel);
        }

        if (await SignalAsync(client, run, new PublicationScheduleChange(channel, PublishAt: null, caller.Name)) is { } ended)
        {
            return ended;
        }

        return await schedules.SetAsync(caller.ProjectId, runId, channel, publishAt: null, cancellationToken)
            ? TypedResults.NoContent()
            : AlreadyPublished(runId, channel);
    }

    private static async Task<TimeZoneInfo> ZoneOfAsync(ProjectStore projects, Guid projectId, CancellationToken cancellationToken)
    {
        var project = await projects.GetAsync(projectId, cancellationToken);

        // Stored zones were checked when set; a zone the host no longer knows reads as UTC rather than failing every request.
        return ProjectLocalTime.FindZone(project.Publishing.TimeZone) ?? TimeZoneInfo.Utc;
    }

    private static async Task<ProblemHttpResult?> CheckChannelAsync(PipelineRun run, string channel, PipelineDefinitionStore definitions, CancellationToken cancellationToken)
    {
        if (run.ClosedAt is not null || run.State is not (PipelineRunState.Running or PipelineRunState.AwaitingApproval or PipelineRunState.Escalated or PipelineRunState.NeedsReview))
        {
            return RunEnded(run.Id);
        }

        var definition = await definitions.GetAsync(run.DefinitionId, run.DefinitionVersion, cancellationToken);
        var channels = PipelineRunLauncher.ChannelsOf(definition);
        return channels.Contains(channel)
            ? null
            : TypedResults.Problem(
                title: "No such channel",
                detail: $"Run {run.Id} publishes to no channel named \"{channel}\"; its channels: {(channels.Count == 0 ? "none" : string.Join(", ", channels.Order(StringComparer.Ordinal)))}.",
                statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<ProblemHttpResult?> SignalAsync(ITemporalClient client, PipelineRun run, PublicationScheduleChange change)
    {
        try
        {
            // Not cut short when the caller goes away: a signal abandoned half-way may or may not have been delivered.
            await client.GetWorkflowHandle<PipelineWorkflow>(run.WorkflowId).SignalAsync(wf => wf.SchedulePublicationAsync(change));
            return null;
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return RunEnded(run.Id);
        }
    }

    private static ProblemHttpResult RunEnded(Guid runId) =>
        ApiProblems.Conflict("Run has ended", $"Run {runId} has ended; its publications can no longer be scheduled or cancelled.");

    private static ProblemHttpResult AlreadyPublished(Guid runId, string channel) =>
        ApiProblems.Conflict("Already published", $"Run {runId} has already published to {channel}; a publication cannot be moved or cancelled afterwards.");
}
