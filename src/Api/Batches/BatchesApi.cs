using System.Globalization;
using System.Security.Claims;
using ContentFlows.Activities.Batches;
using ContentFlows.Activities.Datasets;
using ContentFlows.Activities.Runs;
using ContentFlows.Api.Access;
using ContentFlows.Api.Datasets;
using ContentFlows.Api.Definitions;
using ContentFlows.Api.Infrastructure;
using ContentFlows.Api.Runs;
using Temporalio.Client;
using Temporalio.Exceptions;
using ContentFlows.Workflows.Batches;
using Microsoft.AspNetCore.Http.HttpResults;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Api.Batches;

/// <summary>
/// Batches: start one over an uploaded dataset, list them, read progress (the workflow's progress query plus the stored
/// results), pause, resume, cancel and retry-failed (signals, refused with 409 when the batch's state does not allow
/// them), and export the results as CSV or JSONL streamed from PostgreSQL.
/// </summary>
internal static class BatchesApi
{
    public const int MaxLanguages = 20;
    public const int MaxListed = 200;
    public const int MaxRetryWindowSeconds = 7 * 24 * 3600;
    public const int DefaultUnitPage = 50;
    public const int MaxUnitPage = 500;

    // A unit's result status, or "open" for units that have none yet (pending or running).
    private static readonly string[] UnitStatuses = ["open", "completed", "needs-review", "rejected", "failed", "skipped", "cancelled"];

    // The progress query waits for a worker; a page asking for progress should not hang on a stopped one.
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    private enum BatchAction
    {
        Pause,
        Resume,
        Cancel,
        RetryFailed,
    }

    public static RouteGroupBuilder MapBatchesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api/batches").WithTags("Batches").RequireAuthorization(ApiPolicies.Reader);
        group.MapPost("/", StartBatchAsync).RequireAuthorization(ApiPolicies.Editor).WithName("StartBatch")
            .WithSummary("Start a batch over a dataset: definition, languages, master language (default the first), concurrency (maxConcurrency, default 20).");
        group.MapGet("/", ListBatchesAsync).WithName("ListBatches").WithSummary("List the project's batches, newest first.");
        group.MapGet("/{batchId:guid}", GetBatchAsync).WithName("GetBatch")
            .WithSummary("Read a batch: state, live progress (total, completed, failed, awaiting review, running, cost, ETA), result and stored result counts.");
        group.MapGet("/{batchId:guid}/items", ListUnitsAsync).WithName("ListBatchItems")
            .WithSummary("A page of the batch's units (item × language, in item order) with their results (?status= open|completed|needs-review|rejected|failed|skipped|cancelled, ?limit= up to 500, ?cursor= from nextCursor).");
        group.MapPost("/{batchId:guid}/pause", (Guid batchId, ClaimsPrincipal user, BatchStore batches, ITemporalClient client, ILoggerFactory loggers, CancellationToken token) =>
                SignalAsync(batchId, BatchAction.Pause, user, batches, client, loggers, token))
            .RequireAuthorization(ApiPolicies.Editor).WithName("PauseBatch")
            .WithSummary("Pause: no new items start, running ones finish (409 when the batch has ended, is paused or is being cancelled).");
        group.MapPost("/{batchId:guid}/resume", (Guid batchId, ClaimsPrincipal user, BatchStore batches, ITemporalClient client, ILoggerFactory loggers, CancellationToken token) =>
                SignalAsync(batchId, BatchAction.Resume, user, batches, client, loggers, token))
            .RequireAuthorization(ApiPolicies.Editor).WithName("ResumeBatch")
            .WithSummary("Resume a paused batch (409 when it has ended, is not paused or is being cancelled).");
        group.MapPost("/{batchId:guid}/cancel", (Guid batchId, ClaimsPrincipal user, BatchStore batches, ITemporalClient client, ILoggerFactory loggers, CancellationToken token) =>
                SignalAsync(batchId, BatchAction.Cancel, user, batches, client, loggers, token))
            .RequireAuthorization(ApiPolicies.Editor).WithName("CancelBatch")
            .WithSummary("Cancel: no new items start; the batch ends once its running items have ended and been recorded (409 when it has ended or is already being cancelled).");
        group.MapPost("/{batchId:guid}/retry-failed", (Guid batchId, ClaimsPrincipal user, BatchStore batches, ITemporalClient client, ILoggerFactory loggers, CancellationToken token) =>
                SignalAsync(batchId, BatchAction.RetryFailed, user, batches, client, loggers, token))
            .RequireAuthorization(ApiPolicies.Editor).WithName("RetryFailedBatchItems")
            .WithSummary("Run the failed items again (409 when the batch has ended, is being cancelled or has no failed items; start with retryWindowSeconds to keep it open for this).");
        group.MapGet("/{batchId:guid}/results", ExportResultsAsync).WithName("ExportBatchResults")
            .Produces<string>(StatusCodes.Status200OK, "text/csv", "application/x-ndjson")
            .WithSummary("Export the stored results (?format=csv, the default, or jsonl), one row per item and language with the generated content of its final version (title, meta description, h1, body, CTA, variants) and the dataset item's own columns, streamed.");
        return group;
    }

    public static async Task<Results<Created<BatchSummary>, ValidationProblem, ProblemHttpResult>> StartBatchAsync(
        StartBatchRequest? request,
        ClaimsPrincipal user,
        DatasetStore datasets,
        DefinitionQueries definitions,
        BatchLauncher launcher,
        BatchStore batches,
        ApiOptions options,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var languages = Validate(request, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        var caller = Caller.From(user);
        if (await datasets.FindOwnAsync(caller, request!.DatasetId!.Value, cancellationToken) is not { } dataset)
        {
            return ApiProblems.NotFound("Dataset", request.DatasetId.Value);
        }

        var definitionId = request.DefinitionId!.Value;
        if (await definitions.GetAsync(caller.ProjectId, definitionId, request.DefinitionVersion, cancellationToken) is not { } definition)
        {
            return ApiProblems.NotFound("Pipeline definition", request.DefinitionVersion is { } v ? $"{definitionId} version {v}" : definitionId);
        }

        if (dataset.ItemCount == 0)
        {
            return ApiProblems.Invalid("datasetId", $"dataset {dataset.Id} has no items");
        }

        var batchOptions = new BatchOptions { MaxInFlight = request.MaxConcurrency ?? new BatchOptions().MaxInFlight, RetryWindowSeconds = request.RetryWindowSeconds ?? 0 };
        try
        {
            var handle = await launcher.StartAsync(caller.ProjectId, dataset.Id, definition.Id, definition.Version, languages!, batchOptions, options.TaskQueue, cancellationToken);
            var batchId = Guid.ParseExact(handle.Id["batch-".Length..], "N");
            ApiLog.BatchStarted(loggers.CreateLogger(typeof(BatchesApi)), caller.ProjectId, batchId, handle.Id);
            var stored = await batches.FindAsync(batchId, cancellationToken);
            return TypedResults.Created($"/api/batches/{batchId}", BatchSummary.From(stored!));
        }
        catch (PipelineDefinitionRejectedException e)
        {
            // Stage types or project rules changed since the definition was stored; nothing was started.
            return ApiProblems.Invalid(new Dictionary<string, string[]> { ["definitionId"] = e.Problems.ToArray() });
        }
    }

    public static async Task<Ok<BatchSummary[]>> ListBatchesAsync(ClaimsPrincipal user, BatchStore batches, CancellationToken cancellationToken) =>
        TypedResults.Ok((await batches.ListAsync(Caller.From(user).ProjectId, MaxListed, cancellationToken)).Select(BatchSummary.From).ToArray());

    public static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> GetBatchAsync(
        Guid batchId, ClaimsPrincipal user, BatchStore batches, ITemporalClient client, CancellationToken cancellationToken)
    {
        if (await batches.FindOwnAsync(Caller.From(user), batchId, cancellationToken) is not { } batch)
        {
            return ApiProblems.NotFound("Batch", batchId);
        }

        var handle = client.GetWorkflowHandle<BatchWorkflow, BatchResult>(batch.WorkflowId);
        var state = BatchState.Unknown;
        BatchProgress? progress = null;
        BatchResult? result = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(QueryTimeout);
        try
        {
            var status = (await handle.DescribeAsync(new WorkflowDescribeOptions { Rpc = new RpcOptions { CancellationToken = timeout.Token } })).Status;
            state = Ended(status);
            if (status == WorkflowExecutionStatus.Running)
            {
                progress = await handle.QueryAsync(wf => wf.Progress, new WorkflowQueryOptions { RejectCondition = QueryRejectCondition.NotOpen, Rpc = new RpcOptions { CancellationToken = timeout.Token } });
                state = progress.CancelRequested ? BatchState.Cancelling : progress.Paused ? BatchState.Paused : BatchState.Running;
            }
            else if (status == WorkflowExecutionStatus.Completed)
            {
                result = await handle.GetResultAsync(rpcOptions: new RpcOptions { CancellationToken = timeout.Token });
                state = result.WasCancelled ? BatchState.Cancelled : BatchState.Completed;
            }
        }
        catch (Exception e) when (e is TemporalException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Closed between describe and query, unknown to the server, or no worker answering: the stored results still say what ended.
        }

        var recorded = RecordedBatchResults.From(await batches.SummarizeResultsAsync(batchId, cancellationToken));
        return TypedResults.Ok(new BatchResponse(BatchSummary.From(batch), state, progress, result, recorded));
    }

    public static async Task<Results<Ok<BatchUnitsResponse>, ValidationProblem, ProblemHttpResult>> ListUnitsAsync(
        Guid batchId, string? status, string? cursor, int? limit, ClaimsPrincipal user, BatchStore batches, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (status is not null && !UnitStatuses.Contains(status, StringComparer.Ordinal))
        {
            errors.Add("status", $"must be one of {string.Join(", ", UnitStatuses)} (was \"{status}\")");
        }

        if (limit is < 1 or > MaxUnitPage)
        {
            errors.Add("limit", $"must be 1 to {MaxUnitPage} (was {limit})");
        }

        // The cursor is the last unit of the previous page: its item index and its language's place (1 = master).
        var (afterItem, afterOrdinal) = (-1, 0);
        if (cursor is not null && (cursor.Split('.') is not [var item, var ordinal]
            || !int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out afterItem)
            || !int.TryParse(ordinal, NumberStyles.None, CultureInfo.InvariantCulture, out afterOrdinal)))
        {
            errors.Add("cursor", "must be a nextCursor this endpoint returned");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        if (await batches.FindOwnAsync(Caller.From(user), batchId, cancellationToken) is not { } batch)
        {
            return ApiProblems.NotFound("Batch", batchId);
        }

        var page = await batches.ListUnitsAsync(batch, status, afterItem, afterOrdinal, limit ?? DefaultUnitPage, cancellationToken);
        var last = page.Units.Count > 0 ? page.Units[^1] : null;
        var next = page.HasMore && last is not null
            ? string.Create(CultureInfo.InvariantCulture, $"{last.ItemIndex}.{batch.Languages.ToList().IndexOf(last.Language) + 1}")
            : null;
        return TypedResults.Ok(new BatchUnitsResponse(page.Units, page.Total, next));
    }

    public static async Task<Results<PushStreamHttpResult, ValidationProblem, ProblemHttpResult>> ExportResultsAsync(
        Guid batchId, string? format, ClaimsPrincipal user, BatchStore batches, BatchResultExporter exporter, CancellationToken cancellationToken)
    {
        DataFileFormat fileFormat;
        switch (format?.Trim().ToLowerInvariant())
        {
            case null or "csv":
                fileFormat = DataFileFormat.Csv;
                break;
            case "jsonl":
                fileFormat = DataFileFormat.Jsonl;
                break;
            default:
                return ApiProblems.Invalid("format", $"must be csv or jsonl (was \"{format}\")");
        }

        if (await batches.FindOwnAsync(Caller.From(user), batchId, cancellationToken) is null)
        {
            return ApiProblems.NotFound("Batch", batchId);
        }

        var (contentType, extension) = fileFormat == DataFileFormat.Csv ? ("text/csv; charset=utf-8", "csv") : ("application/x-ndjson; charset=utf-8", "jsonl");
        return TypedResults.Stream(
            body => exporter.ExportAsync(batchId, fileFormat, body, cancellationToken),
            contentType,
            string.Create(CultureInfo.InvariantCulture, $"batch-{batchId:N}-results.{extension}"));
    }

    /// <summary>Finds a batch only within the caller's project, so another project's reads exactly like a missing one.</summary>
    public static async Task<BatchRecord?> FindOwnAsync(this BatchStore batches, Caller caller, Guid batchId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(caller);
        var batch = await batches.FindAsync(batchId, cancellationToken).ConfigureAwait(false);
        return batch?.ProjectId == caller.ProjectId ? batch : null;
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> SignalAsync(
        Guid batchId, BatchAction action, ClaimsPrincipal user, BatchStore batches, ITemporalClient client, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (await batches.FindOwnAsync(caller, batchId, cancellationToken) is not { } batch)
        {
            return ApiProblems.NotFound("Batch", batchId);
        }

        // The workflow's own progress is the authority on what it allows; the check and the signal are not atomic, but
        // every signal is harmless when repeated (a second pause still leaves it paused).
        var handle = client.GetWorkflowHandle<BatchWorkflow>(batch.WorkflowId);
        BatchProgress progress;
        try
        {
            progress = await handle.QueryAsync(wf => wf.Progress, new WorkflowQueryOptions { RejectCondition = QueryRejectCondition.NotOpen, Rpc = new RpcOptions { CancellationToken = cancellationToken } });
        }
        catch (Exception e) when (e is WorkflowQueryRejectedException or RpcException { Code: RpcException.StatusCode.NotFound })
        {
            return ApiProblems.Conflict("Batch has ended", $"Batch {batchId} has ended; nothing can be {Past(action)}.");
        }

        if (Refusal(action, progress) is { } refusal)
        {
            return ApiProblems.Conflict(refusal.Title, $"Batch {batchId} {refusal.Detail}.");
        }

        var signalOptions = new WorkflowSignalOptions { Rpc = new RpcOptions { CancellationToken = cancellationToken } };
        switch (action)
        {
            case BatchAction.Pause:
                await handle.SignalAsync(wf => wf.PauseAsync(), signalOptions);
                break;
            case BatchAction.Resume:
                await handle.SignalAsync(wf => wf.ResumeAsync(), signalOptions);
                break;
            case BatchAction.Cancel:
                await handle.SignalAsync(wf => wf.CancelAsync(), signalOptions);
                break;
            default:
                await handle.SignalAsync(wf => wf.RetryFailedAsync(), signalOptions);
                break;
        }

        ApiLog.BatchSignalled(loggers.CreateLogger(typeof(BatchesApi)), caller.ProjectId, batchId, JsonEnumNames.Of(action), caller.KeyId);
        return TypedResults.Accepted($"/api/batches/{batchId}");
    }

    private static (string Title, string Detail)? Refusal(BatchAction action, BatchProgress progress) => action switch
    {
        _ when progress.CancelRequested => ("Batch is being cancelled", $"is being cancelled; it cannot be {Past(action)}"),
        BatchAction.Pause when progress.Paused => ("Batch already paused", "is already paused"),
        BatchAction.Resume when !progress.Paused => ("Batch not paused", "is not paused"),
        BatchAction.RetryFailed when progress.Failed == 0 => ("No failed items", "has no failed items to retry"),
        _ => null,
    };

    private static string Past(BatchAction action) => action switch
    {
        BatchAction.Pause => "paused",
        BatchAction.Resume => "resumed",
        BatchAction.Cancel => "cancelled",
        _ => "retried",
    };

    private static BatchState Ended(WorkflowExecutionStatus status) => status switch
    {
        WorkflowExecutionStatus.Completed => BatchState.Completed,
        WorkflowExecutionStatus.Canceled => BatchState.Cancelled,
        WorkflowExecutionStatus.Failed => BatchState.Failed,
        WorkflowExecutionStatus.Terminated => BatchState.Terminated,
        WorkflowExecutionStatus.TimedOut => BatchState.TimedOut,
        _ => BatchState.Running,
    };

    private static IReadOnlyList<string>? Validate(StartBatchRequest? request, ValidationErrors errors)
    {
        if (request?.DatasetId is null || request.DatasetId == Guid.Empty)
        {
            errors.Add("datasetId", "is required");
        }

        if (request?.DefinitionId is null || request.DefinitionId == Guid.Empty)
        {
            errors.Add("definitionId", "is required");
        }

        if (request?.DefinitionVersion is <= 0)
        {
            errors.Add("definitionVersion", $"must be positive (was {request.DefinitionVersion})");
        }

        if (request?.MaxConcurrency is { } concurrency && concurrency is < 1 or > 2_000)
        {
            errors.Add("maxConcurrency", $"must be 1 to 2000 (was {concurrency})");
        }

        if (request?.RetryWindowSeconds is { } window && window is < 0 or > MaxRetryWindowSeconds)
        {
            errors.Add("retryWindowSeconds", $"must be 0 to {MaxRetryWindowSeconds} (was {window})");
        }

        if (request?.Languages is not { Count: > 0 } languages)
        {
            errors.Add("languages", "is required: one or more BCP 47 tags such as \"en\" or \"de-DE\"");
            return null;
        }

        if (languages.Count > MaxLanguages)
        {
            errors.Add("languages", $"must hold at most {MaxLanguages} languages (was {languages.Count})");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var index = 0; index < languages.Count; index++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"languages[{index}]");
            if (string.IsNullOrWhiteSpace(languages[index]) || !RunsApi.IsLanguageTag(languages[index].Trim()))
            {
                errors.Add(field, $"must be a BCP 47 tag such as \"en\" or \"de-DE\" (was \"{languages[index]}\")");
            }
            else if (!seen.Add(languages[index].Trim()))
            {
                errors.Add(field, $"repeats \"{languages[index]}\"");
            }
        }

        var trimmed = languages.Select(l => l?.Trim() ?? string.Empty).ToList();
        var master = request.MasterLanguage?.Trim() ?? trimmed[0];
        var masterIndex = trimmed.FindIndex(l => string.Equals(l, master, StringComparison.OrdinalIgnoreCase));
        if (masterIndex < 0)
        {
            errors.Add("masterLanguage", $"must be one of the languages (was \"{request.MasterLanguage}\")");
            return null;
        }

        // The launcher and the workflow take the master first.
        return [trimmed[masterIndex], .. trimmed.Where((_, index) => index != masterIndex)];
    }
}
