using System.Globalization;
using System.Security.Claims;
using ContentFlows.Activities.Datasets;
using ContentFlows.Api.Access;
using ContentFlows.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace ContentFlows.Api.Datasets;

/// <summary>Datasets for batches: uploaded as CSV or JSONL, streamed from the request body and checked row by row.</summary>
internal static class DatasetsApi
{
    public const int MaxNameLength = 200;
    public const int MaxListed = 200;

    // Spooled to a temporary file, then streamed to PostgreSQL row by row: the limit guards the disk and the
    // database, not the API's memory.
    public const long MaxUploadBytes = 512L * 1024 * 1024;

    private static readonly string[] JsonLinesMediaTypes = ["application/jsonl", "application/x-ndjson", "application/x-jsonlines", "application/json-lines"];

    // Generic types too, for clients that cannot label the file: ?format= then names it. Any other type is answered 415.
    private static readonly string[] OtherAcceptedMediaTypes = [.. JsonLinesMediaTypes, "application/json", "text/plain", "application/octet-stream"];

    public static RouteGroupBuilder MapDatasetsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api/datasets").WithTags("Datasets").RequireAuthorization(ApiPolicies.Reader);
        group.MapPost("/", UploadDatasetAsync).RequireAuthorization(ApiPolicies.Editor)
            .Accepts<Stream>("text/csv", OtherAcceptedMediaTypes)
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes))
            .WithName("UploadDataset")
            .WithSummary("Upload a dataset (?name=, format from ?format=csv|jsonl or the Content-Type): the good rows are stored, every bad row is reported with line, field and problem.");
        group.MapGet("/", ListDatasetsAsync).WithName("ListDatasets").WithSummary("List the project's datasets, newest first.");
        group.MapGet("/{datasetId:guid}", GetDatasetAsync).WithName("GetDataset").WithSummary("Read a dataset's name, format and row counts.");
        return group;
    }

    public static async Task<Results<Created<DatasetImportReport>, ValidationProblem>> UploadDatasetAsync(
        string? name, string? format, HttpRequest request, ClaimsPrincipal user, DatasetImporter importer, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        errors.Required("name", name, "is required: ?name= names the dataset");
        if (name is { Length: > MaxNameLength })
        {
            errors.Add("name", $"must be at most {MaxNameLength} characters");
        }

        var fileFormat = FormatOf(format, request.ContentType, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        // The whole body is received before a pooled connection is taken: a client sending slowly holds a file
        // handle, not one of the connections every tenant's requests need.
        var caller = Caller.From(user);
        await using var spooled = await SpoolAsync(request.Body, cancellationToken);
        var report = await importer.ImportAsync(caller.ProjectId, name!.Trim(), spooled, fileFormat, cancellationToken);
        ApiLog.DatasetUploaded(loggers.CreateLogger(typeof(DatasetsApi)), caller.ProjectId, report.DatasetId, report.StoredRows, report.BadRowCount);
        if (report.StoredRows == 0)
        {
            // Nothing usable: the rows' problems are the answer (the empty dataset stays, unreferenced, like any other).
            foreach (var problem in report.Problems)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"line {problem.Line}"), problem.Field is null ? problem.Problem : $"{problem.Field}: {problem.Problem}");
            }

            if (errors.IsEmpty)
            {
                errors.Add("body", "holds no rows: send a header row and one row per item (CSV) or one JSON object per line (JSONL)");
            }

            return ApiProblems.Invalid(errors.ToDictionary());
        }

        return TypedResults.Created($"/api/datasets/{report.DatasetId}", report);
    }

    public static async Task<Ok<Dataset[]>> ListDatasetsAsync(ClaimsPrincipal user, DatasetStore datasets, CancellationToken cancellationToken) =>
        TypedResults.Ok((await datasets.ListAsync(Caller.From(user).ProjectId, MaxListed, cancellationToken)).ToArray());

    public static async Task<Results<Ok<Dataset>, ProblemHttpResult>> GetDatasetAsync(
        Guid datasetId, ClaimsPrincipal user, DatasetStore datasets, CancellationToken cancellationToken) =>
        await datasets.FindOwnAsync(Caller.From(user), datasetId, cancellationToken) is { } dataset
            ? TypedResults.Ok(dataset)
            : ApiProblems.NotFound("Dataset", datasetId);

    /// <summary>Finds a dataset only within the caller's project, so another project's reads exactly like a missing one.</summary>
    public static async Task<Dataset?> FindOwnAsync(this DatasetStore datasets, Caller caller, Guid datasetId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        ArgumentNullException.ThrowIfNull(caller);
        try
        {
            var dataset = await datasets.GetAsync(datasetId, cancellationToken).ConfigureAwait(false);
            return dataset.ProjectId == caller.ProjectId ? dataset : null;
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }

    // A temporary file deleted when closed, read from its start.
    private static async Task<FileStream> SpoolAsync(Stream body, CancellationToken cancellationToken)
    {
        var file = new FileStream(
            Path.Combine(Path.GetTempPath(), "contentflows-upload-" + Guid.NewGuid().ToString("N")),
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            bufferSize: 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous | FileOptions.SequentialScan);
        try
        {
            await body.CopyToAsync(file, cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static DataFileFormat FormatOf(string? format, string? contentType, ValidationErrors errors)
    {
        if (format is not null)
        {
            switch (format.Trim().ToLowerInvariant())
            {
                case "csv":
                    return DataFileFormat.Csv;
                case "jsonl":
                    return DataFileFormat.Jsonl;
                default:
                    errors.Add("format", $"must be csv or jsonl (was \"{format}\")");
                    return default;
            }
        }

        var mediaType = MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType.Value : null;
        if (string.Equals(mediaType, "text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return DataFileFormat.Csv;
        }

        if (JsonLinesMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return DataFileFormat.Jsonl;
        }

        errors.Add("format", $"is required: ?format=csv|jsonl, or Content-Type text/csv or application/jsonl (was Content-Type \"{contentType}\")");
        return default;
    }
}
