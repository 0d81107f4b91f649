using System.Globalization;
using System.Security.Claims;
using ContentFlows.Activities.Runs;
using ContentFlows.Api.Access;
using ContentFlows.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentFlows.Api.Runs;

/// <summary>The console's runs list: GET /api/runs/search with state, definition, date range and text filters, a total, and keyset pages.</summary>
internal static class RunSearchApi
{
    public const int MaxTextLength = 200;

    public static RouteGroupBuilder MapRunSearchApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api/runs").WithTags("Runs").RequireAuthorization(ApiPolicies.Reader);
        group.MapGet("/search", SearchRunsAsync).WithName("SearchRuns")
            .WithSummary("Find the project's runs, newest first, by ?state=, ?definitionId=, ?from= and ?to= (creation time, ISO 8601, [from, to)) and ?q= (topic, audience or id); with the total and ?cursor= pages.");
        return group;
    }

    public static async Task<Results<Ok<RunSearchPage>, ValidationProblem>> SearchRunsAsync(
        string? state, string? definitionId, string? from, string? to, string? q, string? limit, string? cursor, ClaimsPrincipal user, RunSearchQueries queries, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var filter = new RunSearchFilter(Caller.From(user).ProjectId, RunsApi.DefaultPageSize);
        if (!string.IsNullOrEmpty(state))
        {
            if (JsonEnumNames.Parse<RunState>(state) is { } named)
            {
                filter = filter with { State = named };
            }
            else
            {
                errors.Add("state", $"must be one of {string.Join(", ", Enum.GetValues<RunState>().Select(JsonEnumNames.Of))} (was \"{state}\")");
            }
        }

        if (!string.IsNullOrEmpty(definitionId))
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

        filter = filter with { CreatedFrom = ParseInstant("from", from, errors), CreatedBefore = ParseInstant("to", to, errors) };
        if (filter is { CreatedFrom: { } start, CreatedBefore: { } end } && start >= end)
        {
            errors.Add("to", $"must be after from (was {end:O}, from {start:O})");
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            errors.MaxLength("q", q, MaxTextLength);
            filter = filter with { Text = q.Trim() };
        }

        if (!string.IsNullOrEmpty(limit))
        {
            if (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= RunsApi.MaxPageSize)
            {
                filter = filter with { Limit = size };
            }
            else
            {
                errors.Add("limit", $"must be 1 to {RunsApi.MaxPageSize} (was \"{limit}\")");
            }
        }

        if (!string.IsNullOrEmpty(cursor))
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

        return TypedResults.Ok(await queries.SearchAsync(filter, cancellationToken));
    }

    // The cursor is the last run's creation time (ticks, UTC) and id, as on GET /api/runs.
    public static string FormatCursor(DateTimeOffset createdAt, Guid id) => string.Create(CultureInfo.InvariantCulture, $"{createdAt.UtcTicks}.{id:N}");

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

    // A date alone means its midnight UTC; a time without an offset means UTC (as the costs API reads them).
    private static DateTimeOffset? ParseInstant(string name, string? value, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }

        errors.Add(name, $"must be an ISO 8601 date or date-time such as 2026-01-31 or 2026-01-31T12:00:00Z (was \"{value}\")");
        return null;
    }
}
