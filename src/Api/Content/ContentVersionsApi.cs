using System.Globalization;
using System.Security.Claims;
using ContentFlows.Activities.Approvals;
using ContentFlows.Activities.Content;
using ContentFlows.Activities.Runs;
using ContentFlows.Api.Access;
using ContentFlows.Api.Infrastructure;
using ContentFlows.Api.Runs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentFlows.Api.Content;

/// <summary>
/// A run's content versions (its artifacts): every draft with its gate report, the diff between two, and the run's
/// active version (the one it serves) with activation, rollback and their audit.
/// </summary>
internal static class ContentVersionsApi
{
    // Page order, for a diff that reads top to bottom like the page.
    private static readonly string[] FieldOrder = ["title", "metaDescription", "h1", "body", "cta"];

    public static RouteGroupBuilder MapContentVersionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api/runs/{runId:guid}/versions").WithTags("Content versions").RequireAuthorization(ApiPolicies.Reader);
        group.MapGet("/", ListVersionsAsync).WithName("ListContentVersions").WithSummary("List a run's content versions, in order.");
        group.MapGet("/{version:int}", GetVersionAsync).WithName("GetContentVersion").WithSummary("Read one content version.");
        group.MapGet("/diff", DiffVersionsAsync).WithName("DiffContentVersions")
            .WithSummary("Diff two versions (?from=2&to=3): per changed field its text before and after, and line-then-word operations (equal, insert, delete).");
        group.MapGet("/active", GetActiveVersionAsync).WithName("GetActiveContentVersion")
            .WithSummary("Read the run's active version (the one it serves; before any activation, its latest published version) and the audit of changes.");
        group.MapPost("/{version:int}/activate", ActivateVersionAsync).RequireAuthorization(ApiPolicies.Editor).WithName("ActivateContentVersion")
            .WithSummary("Make a version the run's active version, recording who and when. Re-publishes nothing: publishing channels are not called.");
        group.MapPost("/rollback", RollBackVersionAsync).RequireAuthorization(ApiPolicies.Editor).WithName("RollBackContentVersion")
            .WithSummary("Make the previously active version active again (409 when there is none), recording who and when. Re-publishes nothing: publishing channels are not called.");
        return group;
    }

    public static async Task<Results<Ok<ContentVersion[]>, ProblemHttpResult>> ListVersionsAsync(
        Guid runId, ClaimsPrincipal user, PipelineRunStore runs, ContentVersionStore versions, CancellationToken cancellationToken)
    {
        if (await runs.FindOwnAsync(Caller.From(user), runId, cancellationToken) is null)
        {
            return ApiProblems.NotFound("Run", runId);
        }

        return TypedResults.Ok((await versions.ListAsync(runId, cancellationToken)).ToArray());
    }

    public static async Task<Results<Ok<ContentVersion>, ProblemHttpResult>> GetVersionAsync(
        Guid runId, int version, ClaimsPrincipal user, PipelineRunStore runs, ContentVersionStore versions, CancellationToken cancellationToken)
    {
        if (await runs.FindOwnAsync(Caller.From(user), runId, cancellationToken) is null)
        {
            return ApiProblems.NotFound("Run", runId);
        }

        try
        {
            return TypedResults.Ok(await versions.GetAsync(runId, version, cancellationToken));
        }
        catch (KeyNotFoundException)
        {
            return ApiProblems.NotFound("Content version", $"{version} of run {runId}");
        }
    }

    public static async Task<Results<Ok<ContentVersionDiff>, ValidationProblem, ProblemHttpResult>> DiffVersionsAsync(
        Guid runId, string? from, string? to, ClaimsPrincipal user, PipelineRunStore runs, ContentVersionStore versions, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var fromVersion = ParseVersion("from", from, errors);
        var toVersion = ParseVersion("to", to, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        if (await runs.FindOwnAsync(Caller.From(user), runId, cancellationToken) is null)
        {
            return ApiProblems.NotFound("Run", runId);
        }

        var stored = (await versions.ListAsync(runId, cancellationToken)).ToDictionary(v => v.Version);
        foreach (var version in new[] { fromVersion, toVersion })
        {
            if (!stored.ContainsKey(version))
            {
                return ApiProblems.NotFound("Content version", $"{version} of run {runId}");
            }
        }

        var changes = FieldDiff.Between(stored[fromVersion].Fields, stored[toVersion].Fields);
        // Marketing variants ("variants[i]") come after the page's fields, in index order.
        var variantCount = Math.Max(stored[fromVersion].Fields.Variants.Count, stored[toVersion].Fields.Variants.Count);
        var fields = FieldOrder.Concat(Enumerable.Range(0, variantCount).Select(i => $"variants[{i}]")).Where(changes.ContainsKey)
            .Select(field => Diff(field, changes[field].Before, changes[field].After))
            .ToList();
        return TypedResults.Ok(new ContentVersionDiff(runId, fromVersion, toVersion, fields));
    }

    public static async Task<Results<Ok<ActiveVersionResponse>, ProblemHttpResult>> GetActiveVersionAsync(
        Guid runId, ClaimsPrincipal user, PipelineRunStore runs, ActiveContentVersionStore active, CancellationToken cancellationToken)
    {
        if (await runs.FindOwnAsync(Caller.From(user), runId, cancellationToken) is null)
        {
            return ApiProblems.NotFound("Run", runId);
        }

        return TypedResults.Ok(ActiveVersionResponse.From(
            runId, await active.GetAsync(runId, cancellationToken), await active.ListChangesAsync(runId, cancellationToken)));
    }

    public static async Task<Results<Ok<ActiveVersionResponse>, ProblemHttpResult>> ActivateVersionAsync(
        Guid runId, int version, ClaimsPrincipal user, PipelineRunStore runs, ActiveContentVersionStore active, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (await runs.FindOwnAsync(caller, runId, cancellationToken) is null)
        {
            return ApiProblems.NotFound("Run", runId);
        }

        try
        {
            var activated = await active.ActivateAsync(runId, version, caller.Name, caller.KeyId, cancellationToken);
            ApiLog.ActiveVersionChanged(loggers.CreateLogger(typeof(ContentVersionsApi)), caller.ProjectId, runId, activated.Version, "activate", caller.KeyId);
            return TypedResults.Ok(ActiveVersionResponse.From(runId, activated, await active.ListChangesAsync(runId, cancellationToken)));
        }
        catch (KeyNotFoundException)
        {
            return ApiProblems.NotFound("Content version", $"{version} of run {runId}");
        }
        catch (ActiveContentVersionConflictException e)
        {
            return ApiProblems.Conflict("Version already active", e.Message);
        }
    }

    public static async Task<Results<Ok<ActiveVersionResponse>, ProblemHttpResult>> RollBackVersionAsync(
        Guid runId, ClaimsPrincipal user, PipelineRunStore runs, ActiveContentVersionStore active, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (await runs.FindOwnAsync(caller, runId, cancellationToken) is null)
        {
            return ApiProblems.NotFound("Run", runId);
        }

        try
        {
            var restored = await active.RollBackAsync(runId, caller.Name, caller.KeyId, cancellationToken);
            ApiLog.ActiveVersionChanged(loggers.CreateLogger(typeof(ContentVersionsApi)), caller.ProjectId, runId, restored.Version, "rollback", caller.KeyId);
            return TypedResults.Ok(ActiveVersionResponse.From(runId, restored, await active.ListChangesAsync(runId, cancellationToken)));
        }
        catch (ActiveContentVersionConflictException e)
        {
            return ApiProblems.Conflict("Nothing to roll back to", e.Message);
        }
    }

    private static ContentFieldDiff Diff(string field, string? before, string after) =>
        new(field, before, after, TextDiff.Compute(before, after), TextDiff.Compares(before, after)
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"The two texts hold {(before?.Length ?? 0) + after.Length} characters, more than the {TextDiff.MaxComparedLength} compared word by word; shown as replaced whole."));

    // Parsed here rather than bound, so a bad value gets a 400 naming the parameter.
    private static int ParseVersion(string name, string? value, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(name, "is required: a version number");
            return 0;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            errors.Add(name, $"must be a version number, 1 or more (was \"{value}\")");
        }

        return version;
    }
}
