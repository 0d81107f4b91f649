using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using ContentFlows.Activities.Approvals;
using ContentFlows.Activities.Content;
using ContentFlows.Activities.Pipelines;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Prompts;
using ContentFlows.Activities.Runs;
using ContentFlows.Api.Access;
using ContentFlows.Api.Definitions;
using ContentFlows.Api.Infrastructure;
using Temporalio.Client;
using Temporalio.Exceptions;
using ContentFlows.Workflows.Pipelines;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ContentFlows.Api.Runs;

/// <summary>Runs: start (idempotent with an Idempotency-Key header), list, status and progress, artifacts, cancel.</summary>
internal static class RunsApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 200;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const int MaxSources = 50;

    // Brief limits: generous for real briefs, small enough that one request cannot make every stage (prompts,
    // histories, the worker's memory) carry megabytes.
    public const int MaxBriefFieldLength = 500;
    public const int MaxKeywords = 30;
    public const int MaxKeywordLength = 100;
    public const int MaxSourceTextLength = 50_000;
    public const int MaxUrlLength = 2_048;

    // The status query waits for a worker; a page asking for progress should not hang on a stopped one.
    private static readonly TimeSpan StatusQueryTimeout = TimeSpan.FromSeconds(5);

    public static RouteGroupBuilder MapRunsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api/runs").WithTags("Runs").RequireAuthorization(ApiPolicies.Reader);
        group.MapPost("/", StartRunAsync).RequireAuthorization(ApiPolicies.Editor)
            .WithName("StartRun").WithSummary("Start a run; the same Idempotency-Key and body return the same run.");
        group.MapGet("/", ListRunsAsync).WithName("ListRuns")
            .WithSummary("List the project's runs, newest first, a page at a time (?limit=, ?cursor= from nextCursor), optionally by ?state= and ?definitionId=.");
        group.MapGet("/{runId:guid}", GetRunAsync).WithName("GetRun").WithSummary("Read a run: state, live progress and artifacts.");
        group.MapPost("/{runId:guid}/cancel", CancelRunAsync).RequireAuthorization(ApiPolicies.Editor)
            .WithName("CancelRun").WithSummary("Request cancellation of a running run; its stored state becomes cancelled (409 when it has ended or was cancelled).");
        group.MapPost("/{runId:guid}/retry", RetryRunAsync).RequireAuthorization(ApiPolicies.Editor)
            .WithName("RetryRun").WithSummary("Retry a failed, terminated, timed-out or cancelled run from the stage that did not finish, reusing the earlier stages' outputs (409 otherwise).");
        return group;
    }

    public static async Task<Results<Created<RunResponse>, Ok<RunResponse>, ValidationProblem, ProblemHttpResult>> StartRunAsync(
        StartRunRequest? request,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        ClaimsPrincipal user,
        DefinitionQueries definitions,
        PipelineRunLauncher launcher,
        PipelineRunStore runs,
        IdempotencyStore idempotency,
        ProjectStore projects,
        PipelineDefinitionStore pinnedDefinitions,
        TimeProvider timeProvider,
        ApiOptions options,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var brief = Validate(request, errors);
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || idempotencyKey.Any(char.IsControl)))
        {
            errors.Add(IdempotencyKeyHeader, $"must be 1..{MaxIdempotencyKeyLength} printable characters");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        var caller = Caller.From(user);
        var logger = loggers.CreateLogger(typeof(RunsApi));
        var definitionId = request!.DefinitionId!.Value;
        if (await definitions.GetAsync(caller.ProjectId, definitionId, request.DefinitionVersion, cancellationToken) is not { } definition)
        {
            return ApiProblems.NotFound("Pipeline definition", request.DefinitionVersion is { } v ? $"{definitionId} version {v}" : definitionId);
        }

        var publishAt = await ValidatePublishAtAsync(request.PublishAt, caller.ProjectId, definition.Id, definition.Version, projects, pinnedDefinitions, timeProvider, errors, cancellationToken);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        IResult? refused = null;
        async Task<Guid?> StartAsync(Guid? fixedRunId, CancellationToken token)
        {
            try
            {
                var handle = await launcher.StartAsync(caller.ProjectId, definition.Id, definition.Version, brief!, options.TaskQueue, token, fixedRunId, publishAt);
                var runId = RunIdOf(handle.Id);
                ApiLog.RunStarted(logger, caller.ProjectId, runId, handle.Id);
                return runId;
            }
            catch (PipelineDefinitionRejectedException e)
            {
                // Stage types or project rules changed since the definition was stored; nothing was started.
                refused = ApiProblems.Invalid(new Dictionary<string, string[]> { ["definitionId"] = e.Problems.ToArray() });
                return null;
            }
        }

        IdempotencyOutcome outcome = idempotencyKey is null
            ? new(await StartAsync(null, cancellationToken), Replayed: false, Conflict: false)
            : await idempotency.GetOrStartAsync(caller.ProjectId, idempotencyKey, RequestHash(request), (runId, token) => StartAsync(runId, token), cancellationToken);
        if (refused is ValidationProblem problem)
        {
            return problem;
        }

        if (outcome.Conflict)
        {
            return ApiProblems.Conflict("Idempotency-Key reused", $"Idempotency-Key \"{idempotencyKey}\" was used with a different request; use a new key for a new run.");
        }

        var run = await runs.GetAsync(outcome.RunId!.Value, cancellationToken);
        var response = RunResponse.From(run, progress: null, artifacts: []);
        if (outcome.Replayed)
        {
            ApiLog.RunReplayed(logger, caller.ProjectId, run.Id);
            return TypedResults.Ok(response);
        }

        return TypedResults.Created($"/api/runs/{run.Id}", response);
    }

    public static async Task<Results<Ok<RunPage>, ValidationProblem>> ListRunsAsync(
        string? state, string? definitionId, string? limit, string? cursor, ClaimsPrincipal user, PipelineRunStore runs, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var filter = new PipelineRunFilter(Caller.From(user).ProjectId, DefaultPageSize);
        if (state is not null)
        {
            if (JsonEnumNames.Parse<RunState>(state) is { } named)
            {
                filter = filter with { State = RunStates.Recorded(named), Cancelled = named == RunState.Cancelled };
            }
            else
            {
                errors.Add("state", $"must be one of {string.Join(", ", Enum.GetValues<RunState>().Select(JsonEnumNames.Of))} (was \"{state}\")");
            }
        }

        if (definitionId is not null)
        {
            if (Guid.TryParse(definitionId, out var id))
            {
                filter = filter with { DefinitionId = id };
            }
            else
            {
                errors.Add("definitionId", $"must be a definition id (was \"{definitionId}\")");
            }
        }

        if (limit is not null)
        {
            if (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= MaxPageSize)
            {
                filter = filter with { Limit = size };
            }
            else
            {
                errors.Add("limit", $"must be 1 to {MaxPageSize} (was \"{limit}\")");
            }
        }

        if (cursor is not null)
        {
            if (ParseCursor(cursor) is { } after)
            {
                filter = filter with { After = after };
            }
            else
            {
                errors.Add("cursor", "must be the nextCursor of an earlier page");
            }
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        var page = await runs.ListAsync(filter, cancellationToken);
        var next = page.Count == filter.Limit ? FormatCursor(page[^1]) : null;
        return TypedResults.Ok(new RunPage(page.Select(RunSummary.From).ToList(), next));
    }

    public static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> GetRunAsync(
        Guid runId,
        ClaimsPrincipal user,
        PipelineRunStore runs,
        PipelineStageStore stageRuns,
        PipelineDefinitionStore definitions,
        ApprovalStore approvals,
        ContentVersionStore versions,
        RunOutcomeReconciler reconciler,
        ITemporalClient client,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (await runs.FindOwnAsync(Caller.From(user), runId, cancellationToken) is not { } run)
        {
            return ApiProblems.NotFound("Run", runId);
        }

        PipelineStatus? progress = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StatusQueryTimeout);
            progress = await client.GetWorkflowHandle<PipelineWorkflow>(run.WorkflowId)
                .QueryAsync(wf => wf.Status, new WorkflowQueryOptions { RejectCondition = Temporalio.Api.Enums.V1.QueryRejectCondition.NotOpen, Rpc = new RpcOptions { CancellationToken = timeout.Token } });
        }
        catch (Exception e) when (e is TemporalException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // A closed workflow rejects the query; its outcome is brought to the row now rather than at the next pass.
            if (e is not WorkflowQueryRejectedException)
            {
                ApiLog.StatusQueryFailed(loggers.CreateLogger(typeof(RunsApi)), runId, e);
            }
            else if (run.ClosedAt is null)
            {
                await reconciler.ReconcileAsync(run, cancellationToken);
            }
        }

        // Re-read after the query, so the row is at least as new as the progress.
        run = await runs.GetAsync(runId, cancellationToken);
        var artifacts = (await versions.ListAsync(runId, cancellationToken)).Select(ArtifactSummary.From).ToList();
        var definition = await definitions.GetAsync(run.DefinitionId, run.DefinitionVersion, cancellationToken);
        var stages = StageStatuses.Of(definition, run, await stageRuns.ListAsync(runId, cancellationToken), await approvals.ListDecidedStagesAsync(runId, cancellationToken), progress);
        var retries = await runs.ListRetriesAsync(runId, cancellationToken);
        return TypedResults.Ok(RunResponse.From(run, progress, artifacts, stages, retries));
    }

    public static async Task<Results<Created<RunResponse>, ProblemHttpResult>> RetryRunAsync(
        Guid runId, ClaimsPrincipal user, PipelineRunStore runs, RunOutcomeReconciler reconciler, PipelineRunLauncher launcher, ApiOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (await runs.FindOwnAsync(caller, runId, cancellationToken) is not { } run)
        {
            return ApiProblems.NotFound("Run", runId);
        }

        // The row may not know yet that the workflow ended.
        if (run.ClosedAt is null)
        {
            await reconciler.ReconcileAsync(run, cancellationToken);
            run = await runs.GetAsync(runId, cancellationToken);
        }

        if (run.ClosedAt is null || run.State is not (PipelineRunState.Failed or PipelineRunState.Terminated or PipelineRunState.TimedOut or PipelineRunState.Cancelled))
        {
            return ApiProblems.Conflict("Run not retryable", $"Run {runId} is {JsonEnumNames.Of(RunStates.Of(run))}; only a failed, terminated, timed-out or cancelled run can be retried.");
        }

        var handle = await launcher.StartRetryAsync(run, options.TaskQueue, cancellationToken);
        var retry = await runs.GetAsync(RunIdOf(handle.Id), cancellationToken);
        ApiLog.RunStarted(loggers.CreateLogger(typeof(RunsApi)), caller.ProjectId, retry.Id, handle.Id);
        return TypedResults.Created($"/api/runs/{retry.Id}", RunResponse.From(retry, progress: null, artifacts: []));
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> CancelRunAsync(
        Guid runId, ClaimsPrincipal user, PipelineRunStore runs, ITemporalClient client, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (await runs.FindOwnAsync(caller, runId, cancellationToken) is not { } run)
        {
            return ApiProblems.NotFound("Run", runId);
        }

        if (run.CancelledAt is { } cancelledAt)
        {
            return ApiProblems.Conflict("Run already cancelled", $"Run {runId} was cancelled by {run.CancelledBy} at {cancelledAt:O}.");
        }

        try
        {
            await client.GetWorkflowHandle(run.WorkflowId).CancelAsync(new WorkflowCancelOptions { Rpc = new RpcOptions { CancellationToken = cancellationToken } });
        }
        catch (RpcException e)
        {
            return ApiProblems.Conflict("Run not running", $"Run {runId} cannot be cancelled: {e.Message}");
        }

        // The workflow ends cancelled without recording a state, so the row is marked here, once the server took the request.
        await runs.MarkCancelledAsync(runId, caller.Name, cancellationToken);
        ApiLog.RunCancelRequested(loggers.CreateLogger(typeof(RunsApi)), caller.ProjectId, runId);
        return TypedResults.Accepted($"/api/runs/{runId}");
    }

    /// <summary>Parses the run id out of the workflow id the launcher derives from it.</summary>
    public static Guid RunIdOf(string workflowId)
    {
        ArgumentNullException.ThrowIfNull(workflowId);
        return Guid.ParseExact(workflowId["pipeline-".Length..], "N");
    }

    // Times without an offset are the project's wall-clock time; each must name a channel of the definition and lie ahead.
    private static async Task<Dictionary<string, DateTimeOffset>?> ValidatePublishAtAsync(
        IReadOnlyDictionary<string, string>? requested,
        Guid projectId,
        Guid definitionId,
        int definitionVersion,
        ProjectStore projects,
        PipelineDefinitionStore definitions,
        TimeProvider timeProvider,
        ValidationErrors errors,
        CancellationToken cancellationToken)
    {
        if (requested is not { Count: > 0 })
        {
            return null;
        }

        var project = await projects.GetAsync(projectId, cancellationToken);
        var zone = ProjectLocalTime.FindZone(project.Publishing.TimeZone) ?? TimeZoneInfo.Utc;
        var channels = PipelineRunLauncher.ChannelsOf(await definitions.GetAsync(projectId, definitionId, definitionVersion, cancellationToken));
        var now = timeProvider.GetUtcNow();
        var times = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (channel, text) in requested)
        {
            var field = $"publishAt.{channel}";
            if (!channels.Contains(channel))
            {
                errors.Add(field, $"the definition publishes to no channel named \"{channel}\"; its channels: {(channels.Count == 0 ? "none" : string.Join(", ", channels.Order(StringComparer.Ordinal)))}");
            }
            else if (ProjectLocalTime.Parse(text, zone, field, errors) is { } at)
            {
                if (at <= now)
                {
                    errors.Add(field, $"must be in the future (was {ProjectLocalTime.Format(at, zone)} in {zone.Id})");
                }

                times[channel] = at;
            }
        }

        return times;
    }

    private static ContentBrief? Validate(StartRunRequest? request, ValidationErrors errors)
    {
        if (request?.DefinitionId is null || request.DefinitionId == Guid.Empty)
        {
            errors.Add("definitionId", "is required");
        }

        if (request?.DefinitionVersion is <= 0)
        {
            errors.Add("definitionVersion", $"must be positive (was {request.DefinitionVersion})");
        }

        return ValidateBrief(request?.Brief, errors);
    }

    /// <summary>Checks a brief field by field (errors named <c>brief.*</c>); returns it as a <c>ContentBrief</c> when no error was found so far.</summary>
    public static ContentBrief? ValidateBrief(BriefRequest? brief, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (brief is null)
        {
            errors.Add("brief", "is required");
            return null;
        }

        errors.Required("brief.topic", brief.Topic);
        errors.Required("brief.audience", brief.Audience);
        errors.Required("brief.channel", brief.Channel);
        errors.Required("brief.language", brief.Language);
        errors.MaxLength("brief.topic", brief.Topic, MaxBriefFieldLength);
        errors.MaxLength("brief.audience", brief.Audience, MaxBriefFieldLength);
        errors.MaxLength("brief.channel", brief.Channel, MaxBriefFieldLength);
        errors.MaxLength("brief.sourceText", brief.SourceText, MaxSourceTextLength);
        if (brief.Language is { Length: > 0 } language && !IsLanguageTag(language))
        {
            errors.Add("brief.language", $"must be a BCP 47 tag such as \"en\" or \"de-DE\" (was \"{language}\")");
        }

        // Only the first MaxKeywords are checked one by one: a list of a million gets one error, not a million.
        var keywords = brief.Keywords ?? [];
        if (keywords.Count > MaxKeywords)
        {
            errors.Add("brief.keywords", string.Create(CultureInfo.InvariantCulture, $"must hold at most {MaxKeywords} keywords (was {keywords.Count})"));
        }

        for (var index = 0; index < Math.Min(keywords.Count, MaxKeywords); index++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"brief.keywords[{index}]");
            if (string.IsNullOrWhiteSpace(keywords[index]))
            {
                errors.Add(field, "must not be blank");
            }

            errors.MaxLength(field, keywords[index], MaxKeywordLength);
        }

        var sources = ValidateSources(brief.Sources, errors);
        foreach (var problem in StagePrompts.Validate(brief.Prompts, "brief.prompts"))
        {
            errors.Add("brief.prompts", problem);
        }

        return errors.IsEmpty
            ? new ContentBrief(brief.Topic!.Trim(), brief.Audience!.Trim(), brief.Channel!.Trim(), brief.Language!.Trim(), keywords, brief.SourceText ?? string.Empty, sources, brief.Prompts)
            : null;
    }

    // Files are not accepted here: they live on the worker, shared by every tenant, so only texts and URLs come in.
    private static List<BriefSource>? ValidateSources(IReadOnlyList<BriefSourceRequest?>? requested, ValidationErrors errors)
    {
        if (requested is null || requested.Count == 0)
        {
            return null;
        }

        if (requested.Count > MaxSources)
        {
            errors.Add("brief.sources", string.Create(CultureInfo.InvariantCulture, $"must hold at most {MaxSources} sources (was {requested.Count})"));
            return null;
        }

        var sources = new List<BriefSource>();
        for (var index = 0; index < requested.Count; index++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"brief.sources[{index}]");
            var source = requested[index];
            if (source is null || string.IsNullOrWhiteSpace(source.Value))
            {
                errors.Add(field + ".value", "is required");
                continue;
            }

            errors.MaxLength(field + ".title", source.Title, MaxBriefFieldLength);
            if (source.Value.Length > (source.Kind == "url" ? MaxUrlLength : MaxSourceTextLength))
            {
                errors.MaxLength(field + ".value", source.Value, source.Kind == "url" ? MaxUrlLength : MaxSourceTextLength);
                continue;
            }

            switch (source.Kind)
            {
                case "text":
                    sources.Add(new BriefSource(BriefSourceKind.Text, source.Value, source.Title));
                    break;
                case "url" when Uri.TryCreate(source.Value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps):
                    sources.Add(new BriefSource(BriefSourceKind.Url, url.AbsoluteUri, source.Title));
                    break;
                case "url":
                    errors.Add(field + ".value", $"must be an absolute http(s) URL (was \"{source.Value}\")");
                    break;
                default:
                    errors.Add(field + ".kind", $"must be \"text\" or \"url\" (was \"{source.Kind}\")");
                    break;
            }
        }

        return sources;
    }

    // The cursor is the last run's creation time (ticks, UTC) and id: stable while new runs arrive at the front.
    private static string FormatCursor(PipelineRun run) => string.Create(CultureInfo.InvariantCulture, $"{run.CreatedAt.UtcTicks}.{run.Id:N}");

    private static PipelineRunCursor? ParseCursor(string cursor)
    {
        var parts = cursor.Split('.');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTimeOffset.MaxValue.UtcTicks
            && Guid.TryParseExact(parts[1], "N", out var id)
            ? new PipelineRunCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id)
            : null;
    }

    /// <summary>Whether <paramref name="tag"/> is shaped like a BCP 47 language tag ("en", "de-DE").</summary>
    public static bool IsLanguageTag(string tag) =>
        tag.Length <= 35 && tag.Split('-').All(part => part.Length is >= 1 and <= 8 && part.All(char.IsAsciiLetterOrDigit));

    // Hash of the request as parsed (not the raw bytes), so whitespace or property order does not count as a difference.
    private static byte[] RequestHash(StartRunRequest request) => SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, PipelineJson.Options));
}
