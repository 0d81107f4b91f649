using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using ContentFlows.Activities.Schedules;
using ContentFlows.Api.Access;
using ContentFlows.Api.Definitions;
using ContentFlows.Api.Infrastructure;
using ContentFlows.Api.Runs;
using ContentFlows.Workflows.Schedules;
using Cronos;
using Microsoft.AspNetCore.Http.HttpResults;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using Temporalio.Exceptions;

namespace ContentFlows.Api.Schedules;

/// <summary>
/// Recurring pipelines, stored as Temporal Schedules (ids <c>cf-{projectId}-{name}</c>, see <see cref="ProjectScheduleIds"/>):
/// create, list, read, pause, unpause, trigger now, backfill, delete. A project key only ever addresses its own.
/// </summary>
internal static partial class SchedulesApi
{
    public const int MaxNameLength = 63;
    public const int MaxNoteLength = 500;
    public const int MinIntervalSeconds = 10;
    public const int MinCatchupWindowSeconds = 10;
    public static readonly TimeSpan MaxBackfillRange = TimeSpan.FromDays(366);

    private const string TimingMemoKey = "timing";

    public static RouteGroupBuilder MapSchedulesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api/schedules").WithTags("Schedules").RequireAuthorization(ApiPolicies.Reader);
        group.MapPost("/", CreateScheduleAsync).RequireAuthorization(ApiPolicies.Editor)
            .WithName("CreateSchedule").WithSummary("Create a recurring pipeline (a Temporal Schedule): cron or interval, time zone, jitter, overlap policy, catch-up window.");
        group.MapGet("/", ListSchedulesAsync).WithName("ListSchedules").WithSummary("List the project's schedules by name.");
        group.MapGet("/{name}", GetScheduleAsync).WithName("GetSchedule").WithSummary("Read a schedule: timing, policy, state, next and recent actions.");
        group.MapPost("/{name}/pause", PauseScheduleAsync).RequireAuthorization(ApiPolicies.Editor).WithName("PauseSchedule").WithSummary("Pause a schedule.");
        group.MapPost("/{name}/unpause", UnpauseScheduleAsync).RequireAuthorization(ApiPolicies.Editor).WithName("UnpauseSchedule").WithSummary("Unpause a schedule.");
        group.MapPost("/{name}/trigger", TriggerScheduleAsync).RequireAuthorization(ApiPolicies.Editor).WithName("TriggerSchedule").WithSummary("Take an action now.");
        group.MapPost("/{name}/backfill", BackfillScheduleAsync).RequireAuthorization(ApiPolicies.Editor)
            .WithName("BackfillSchedule").WithSummary("Take the actions the schedule would have taken between startAt and endAt.");
        group.MapDelete("/{name}", DeleteScheduleAsync).RequireAuthorization(ApiPolicies.Editor).WithName("DeleteSchedule").WithSummary("Delete a schedule; runs it started go on.");
        return group;
    }

    public static async Task<Results<Created<ScheduleResponse>, ValidationProblem, ProblemHttpResult>> CreateScheduleAsync(
        CreateScheduleRequest? request, ClaimsPrincipal user, DefinitionQueries definitions, ITemporalClient client, ApiOptions options, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var brief = Validate(request, errors, out var overlap, out var zone);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        var caller = Caller.From(user);
        var definitionId = request!.DefinitionId!.Value;
        if (await definitions.GetAsync(caller.ProjectId, definitionId, request.DefinitionVersion, cancellationToken) is not { } definition)
        {
            return ApiProblems.NotFound("Pipeline definition", request.DefinitionVersion is { } v ? $"{definitionId} version {v}" : definitionId);
        }

        var name = request.Name!;
        var timing = new ScheduleTiming(request.Cron?.Trim(), request.IntervalSeconds, zone, request.JitterSeconds ?? 0);
        var actionOptions = new WorkflowOptions(ProjectScheduleIds.ActionWorkflowIdOf(caller.ProjectId, name), options.TaskQueue);
        ScheduleActionStartWorkflow action;
        if (request.Intake is { } intake)
        {
            var intakeInput = new CatalogueIntakeInput(caller.ProjectId, name, intake.FeedUrl!, intake.Format!, intake.KeyColumn!.Trim(), definition.Id, definition.Version, intake.Languages ?? ["en"]);
            action = ScheduleActionStartWorkflow.Create((CatalogueIntakeWorkflow wf) => wf.RunAsync(intakeInput), actionOptions);
        }
        else
        {
            var pipelineInput = new ScheduledPipelineInput(caller.ProjectId, name, definition.Id, definition.Version, brief!, zone);
            action = ScheduleActionStartWorkflow.Create((ScheduledPipelineWorkflow wf) => wf.RunAsync(pipelineInput), actionOptions);
        }

        var schedule = new Schedule(
            action,
            new ScheduleSpec
            {
                CronExpressions = timing.Cron is { } cron ? [cron] : [],
                Intervals = timing.IntervalSeconds is { } seconds ? [new ScheduleIntervalSpec(TimeSpan.FromSeconds(seconds))] : [],
                TimeZoneName = zone,
                Jitter = timing.JitterSeconds > 0 ? TimeSpan.FromSeconds(timing.JitterSeconds) : null,
            })
        {
            Policy = new SchedulePolicy
            {
                Overlap = overlap,
                CatchupWindow = request.CatchupWindowSeconds is { } catchup ? TimeSpan.FromSeconds(catchup) : TimeSpan.FromDays(365),
            },
            State = new ScheduleState { Paused = request.Paused ?? false, Note = request.Note },
        };
        try
        {
            var handle = await client.CreateScheduleAsync(
                ProjectScheduleIds.Of(caller.ProjectId, name),
                schedule,
                new ScheduleOptions { Memo = new Dictionary<string, object> { [TimingMemoKey] = timing }, Rpc = Rpc(cancellationToken) });
            var created = await DescribeAsync(handle, name, cancellationToken);
            return TypedResults.Created($"/api/schedules/{name}", created);
        }
        catch (ScheduleAlreadyRunningException)
        {
            return ApiProblems.Conflict("Schedule exists", $"The project already has a schedule called \"{name}\"; delete it first or choose another name.");
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.InvalidArgument)
        {
            // What the checks above let through but the Temporal server refuses (its cron dialect differs in corners).
            return ApiProblems.Invalid(timing.Cron is null ? "schedule" : "cron", e.Message);
        }
    }

    public static async Task<Ok<List<ScheduleResponse>>> ListSchedulesAsync(ClaimsPrincipal user, ITemporalClient client, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var schedules = new List<ScheduleResponse>();

        // Temporal's list is namespace-wide; the id prefix is the project boundary.
        await foreach (var listed in client.ListSchedulesAsync(new ScheduleListOptions { Rpc = Rpc(cancellationToken) }).WithCancellation(cancellationToken))
        {
            if (ProjectScheduleIds.NameOf(caller.ProjectId, listed.Id) is { } name && await TryDescribeAsync(client, caller, name, cancellationToken) is { } found)
            {
                schedules.Add(found);
            }
        }

        schedules.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return TypedResults.Ok(schedules);
    }

    public static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> GetScheduleAsync(string name, ClaimsPrincipal user, ITemporalClient client, CancellationToken cancellationToken) =>
        await TryDescribeAsync(client, Caller.From(user), name, cancellationToken) is { } found ? TypedResults.Ok(found) : ApiProblems.NotFound("Schedule", name);

    public static Task<Results<Ok<ScheduleResponse>, ValidationProblem, ProblemHttpResult>> PauseScheduleAsync(
        string name, ScheduleNoteRequest? request, ClaimsPrincipal user, ITemporalClient client, CancellationToken cancellationToken) =>
        ActAsync(client, Caller.From(user), name, request?.Note, (handle, note) => handle.PauseAsync(note ?? $"Paused by {Caller.From(user).Name}.", Rpc(cancellationToken)), cancellationToken);

    public static Task<Results<Ok<ScheduleResponse>, ValidationProblem, ProblemHttpResult>> UnpauseScheduleAsync(
        string name, ScheduleNoteRequest? request, ClaimsPrincipal user, ITemporalClient client, CancellationToken cancellationToken) =>
        ActAsync(client, Caller.From(user), name, request?.Note, (handle, note) => handle.UnpauseAsync(note ?? $"Unpaused by {Caller.From(user).Name}.", Rpc(cancellationToken)), cancellationToken);

    public static async Task<Results<Ok<ScheduleResponse>, ValidationProblem, ProblemHttpResult>> TriggerScheduleAsync(
        string name, TriggerScheduleRequest? request, ClaimsPrincipal user, ITemporalClient client, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var overlap = ParseOverlap(request?.Overlap, "overlap", errors, ScheduleOverlapPolicy.Unspecified);
        return !errors.IsEmpty
            ? ApiProblems.Invalid(errors.ToDictionary())
            : await ActAsync(client, Caller.From(user), name, note: null, (handle, _) => handle.TriggerAsync(new ScheduleTriggerOptions { Overlap = overlap, Rpc = Rpc(cancellationToken) }), cancellationToken);
    }

    public static async Task<Results<Ok<ScheduleResponse>, ValidationProblem, ProblemHttpResult>> BackfillScheduleAsync(
        string name, BackfillScheduleRequest? request, ClaimsPrincipal user, ITemporalClient client, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var overlap = ParseOverlap(request?.Overlap, "overlap", errors, ScheduleOverlapPolicy.BufferAll);
        if (request?.StartAt is not { } start)
        {
            errors.Add("startAt", "is required");
        }
        else if (request.EndAt is not { } end)
        {
            errors.Add("endAt", "is required");
        }
        else if (end <= start || end - start > MaxBackfillRange)
        {
            errors.Add("endAt", string.Create(CultureInfo.InvariantCulture, $"must be after startAt and at most {MaxBackfillRange.TotalDays} days after it"));
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        var backfill = new ScheduleBackfill(request!.StartAt!.Value.UtcDateTime, request.EndAt!.Value.UtcDateTime, overlap);
        return await ActAsync(client, Caller.From(user), name, note: null, (handle, _) => handle.BackfillAsync([backfill], Rpc(cancellationToken)), cancellationToken);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteScheduleAsync(string name, ClaimsPrincipal user, ITemporalClient client, CancellationToken cancellationToken)
    {
        if (!IsName(name))
        {
            return ApiProblems.NotFound("Schedule", name);
        }

        try
        {
            await client.GetScheduleHandle(ProjectScheduleIds.Of(Caller.From(user).ProjectId, name)).DeleteAsync(Rpc(cancellationToken));
            return TypedResults.NoContent();
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return ApiProblems.NotFound("Schedule", name);
        }
    }

    private static async Task<Results<Ok<ScheduleResponse>, ValidationProblem, ProblemHttpResult>> ActAsync(
        ITemporalClient client, Caller caller, string name, string? note, Func<ScheduleHandle, string?, Task> act, CancellationToken cancellationToken)
    {
        if (note is { Length: > MaxNoteLength })
        {
            return ApiProblems.Invalid("note", $"must be at most {MaxNoteLength} characters (was {note.Length})");
        }

        if (!IsName(name))
        {
            return ApiProblems.NotFound("Schedule", name);
        }

        var handle = client.GetScheduleHandle(ProjectScheduleIds.Of(caller.ProjectId, name));
        try
        {
            await act(handle, note);
            return TypedResults.Ok(await DescribeAsync(handle, name, cancellationToken));
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return ApiProblems.NotFound("Schedule", name);
        }
    }

    private static async Task<ScheduleResponse?> TryDescribeAsync(ITemporalClient client, Caller caller, string name, CancellationToken cancellationToken)
    {
        if (!IsName(name))
        {
            return null;
        }

        try
        {
            return await DescribeAsync(client.GetScheduleHandle(ProjectScheduleIds.Of(caller.ProjectId, name)), name, cancellationToken);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return null;
        }
    }

    private static async Task<ScheduleResponse> DescribeAsync(ScheduleHandle handle, string name, CancellationToken cancellationToken)
    {
        var description = await handle.DescribeAsync(Rpc(cancellationToken));
        var action = (ScheduleActionStartWorkflow)description.Schedule.Action;
        var argument = (Temporalio.Converters.IEncodedRawValue)action.Args.Single()!;
        Guid definitionId;
        int definitionVersion;
        Workflows.Pipelines.ContentBrief? brief = null;
        IntakeRequest? intake = null;
        if (action.Workflow == "CatalogueIntakeWorkflow")
        {
            var input = await argument.ToValueAsync<CatalogueIntakeInput>();
            (definitionId, definitionVersion, intake) = (input.DefinitionId, input.DefinitionVersion, new IntakeRequest(input.FeedUrl, input.Format, input.KeyColumn, input.Languages));
        }
        else
        {
            var input = await argument.ToValueAsync<ScheduledPipelineInput>();
            (definitionId, definitionVersion, brief) = (input.DefinitionId, input.DefinitionVersion, input.BriefTemplate);
        }

        var timing = description.Memo.TryGetValue(TimingMemoKey, out var stored)
            ? await stored.ToValueAsync<ScheduleTiming>()
            : new ScheduleTiming(null, null, description.Schedule.Spec.TimeZoneName ?? "UTC", 0);
        var policy = description.Schedule.Policy;
        var state = description.Schedule.State;
        return new ScheduleResponse(
            name,
            handle.Id,
            definitionId,
            definitionVersion,
            brief,
            intake,
            timing,
            JsonEnumNames.Of(policy.Overlap),
            (int)(policy.CatchupWindow?.TotalSeconds ?? 0),
            state.Paused,
            string.IsNullOrEmpty(state.Note) ? null : state.Note,
            description.Info.NumActions,
            description.Info.NextActionTimes.Select(Utc).ToList(),
            description.Info.RecentActions
                .Select(a => new ScheduledActionResponse(Utc(a.ScheduledAt), Utc(a.StartedAt), (a.Action as ScheduleActionExecutionStartWorkflow)?.WorkflowId ?? string.Empty))
                .ToList());
    }

    private static void ValidateTiming(CreateScheduleRequest request, ValidationErrors errors, out string zone)
    {
        zone = "UTC";
        if (request.TimeZone is { } requestedZone)
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(requestedZone.Trim(), out var found) && found.HasIanaId)
            {
                zone = found.Id;
            }
            else
            {
                errors.Add("timeZone", $"must be an IANA time zone such as \"Europe/Berlin\" (was \"{requestedZone}\")");
            }
        }

        if (request.Cron is null == request.IntervalSeconds is null)
        {
            errors.Add("cron", "give either cron or intervalSeconds, not both and not neither");
        }
        else if (request.Cron is { } cron)
        {
            try
            {
                CronExpression.Parse(cron.Trim(), CronFormat.Standard);
            }
            catch (CronFormatException e)
            {
                errors.Add("cron", $"\"{cron}\" is not a five-field cron expression (minute hour day-of-month month day-of-week) or a macro such as @daily: {e.Message}");
            }
        }
        else if (request.IntervalSeconds is < MinIntervalSeconds)
        {
            errors.Add("intervalSeconds", $"must be at least {MinIntervalSeconds} (was {request.IntervalSeconds})");
        }

        if (request.JitterSeconds is < 0)
        {
            errors.Add("jitterSeconds", $"must not be negative (was {request.JitterSeconds})");
        }

        if (request.CatchupWindowSeconds is < MinCatchupWindowSeconds)
        {
            errors.Add("catchupWindowSeconds", $"must be at least {MinCatchupWindowSeconds} (was {request.CatchupWindowSeconds})");
        }
    }

    private static Workflows.Pipelines.ContentBrief? Validate(CreateScheduleRequest? request, ValidationErrors errors, out ScheduleOverlapPolicy overlap, out string zone)
    {
        overlap = ScheduleOverlapPolicy.Skip;
        zone = "UTC";
        if (request is null)
        {
            errors.Add("body", "is required");
            return null;
        }

        if (!IsName(request.Name))
        {
            errors.Add("name", $"must be 1..{MaxNameLength} lowercase letters, digits and hyphens, starting with a letter or digit (was \"{request.Name}\")");
        }

        if (request.DefinitionId is null || request.DefinitionId == Guid.Empty)
        {
            errors.Add("definitionId", "is required");
        }

        if (request.DefinitionVersion is <= 0)
        {
            errors.Add("definitionVersion", $"must be positive (was {request.DefinitionVersion})");
        }

        errors.MaxLength("note", request.Note, MaxNoteLength);
        ValidateTiming(request, errors, out zone);
        overlap = ParseOverlap(request.Overlap, "overlap", errors, ScheduleOverlapPolicy.Skip);
        if (request.Intake is { } intake)
        {
            ValidateIntake(intake, errors);
            return null;
        }

        return RunsApi.ValidateBrief(request.Brief, errors);
    }

    private static void ValidateIntake(IntakeRequest intake, ValidationErrors errors)
    {
        if (!Uri.TryCreate(intake.FeedUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("intake.feedUrl", $"must be an absolute http(s) URL (was \"{intake.FeedUrl}\")");
        }

        if (intake.Format is not ("csv" or "jsonl"))
        {
            errors.Add("intake.format", $"must be csv or jsonl (was \"{intake.Format}\")");
        }

        errors.Required("intake.keyColumn", intake.KeyColumn);
        errors.MaxLength("intake.keyColumn", intake.KeyColumn, 100);
        if (intake.Languages is { } languages && (languages.Count == 0 || languages.Any(string.IsNullOrWhiteSpace) || languages.Distinct(StringComparer.OrdinalIgnoreCase).Count() != languages.Count))
        {
            errors.Add("intake.languages", "must list one or more distinct languages, master first");
        }
    }

    private static ScheduleOverlapPolicy ParseOverlap(string? name, string field, ValidationErrors errors, ScheduleOverlapPolicy fallback)
    {
        if (name is null)
        {
            return fallback;
        }

        if (JsonEnumNames.Parse<ScheduleOverlapPolicy>(name) is { } parsed && parsed != ScheduleOverlapPolicy.Unspecified)
        {
            return parsed;
        }

        errors.Add(field, $"must be one of {string.Join(", ", Enum.GetValues<ScheduleOverlapPolicy>().Where(p => p != ScheduleOverlapPolicy.Unspecified).Select(JsonEnumNames.Of))} (was \"{name}\")");
        return fallback;
    }

    private static bool IsName(string? name) => name is { Length: > 0 and <= MaxNameLength } && NamePattern().IsMatch(name);

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private static RpcOptions Rpc(CancellationToken cancellationToken) => new() { CancellationToken = cancellationToken };

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
