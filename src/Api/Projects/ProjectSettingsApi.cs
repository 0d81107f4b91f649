using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ContentFlows.Activities.Projects;
using ContentFlows.Api.Access;
using ContentFlows.Api.Infrastructure;
using ContentFlows.Workflows.Pipelines;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentFlows.Api.Projects;

/// <summary>
/// A project's settings, versioned: read the latest, change them (PUT the whole document or PATCH it as a JSON merge
/// patch; editors change the brand and quality settings, LLM and publishing settings need an admin), list the versions
/// and diff two of them. Every change is a new version; a run keeps the version it started with.
/// </summary>
internal static class ProjectSettingsApi
{
    // Settings documents are read strictly: a misspelt member is an error, not a silently ignored setting.
    private static readonly JsonSerializerOptions StrictJson = new(PipelineJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    // Settings an editor may not change: where the LLM key goes and what it costs, and whether approval is required.
    private static readonly string[] AdminOnlyPrefixes = ["/llm", "/publishing"];

    public static RouteGroupBuilder MapProjectSettingsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api/projects/{projectId:guid}/settings").WithTags("Projects");
        group.MapGet("/", GetSettingsAsync).RequireAuthorization(ApiPolicies.Reader)
            .WithName("GetProjectSettings").WithSummary("The project's latest settings (brand, quality, llm, publishing) with their version (also as the ETag).");
        group.MapPut("/", PutSettingsAsync).RequireAuthorization(ApiPolicies.Editor)
            .WithName("ReplaceProjectSettings").WithSummary("Replace the settings as a new version (If-Match: the version it is based on); llm and publishing changes need an admin key.");
        group.MapPatch("/", PatchSettingsAsync).RequireAuthorization(ApiPolicies.Editor)
            .WithName("PatchProjectSettings").WithSummary("Change some settings as a new version, as a JSON merge patch (RFC 7396; If-Match: the version it is based on); llm and publishing changes need an admin key.");
        group.MapGet("/versions", ListVersionsAsync).RequireAuthorization(ApiPolicies.Reader)
            .WithName("ListProjectSettingsVersions").WithSummary("Every settings version, newest first: who changed what, when.");
        group.MapGet("/versions/{version:int}", GetVersionAsync).RequireAuthorization(ApiPolicies.Reader)
            .WithName("GetProjectSettingsVersion").WithSummary("One settings version in full.");
        group.MapGet("/diff", DiffAsync).RequireAuthorization(ApiPolicies.Reader)
            .WithName("DiffProjectSettings").WithSummary("The settings that differ between versions from and to, as JSON pointers with both values.");
        return group;
    }

    public static async Task<Results<Ok<ProjectSettingsResponse>, ProblemHttpResult>> GetSettingsAsync(
        Guid projectId, ClaimsPrincipal user, HttpResponse response, ProjectStore projects, CancellationToken cancellationToken)
    {
        if (Caller.From(user).ProjectId != projectId)
        {
            return ApiProblems.NotFound("Project", projectId);
        }

        var project = await projects.GetAsync(projectId, cancellationToken);
        var version = await projects.GetVersionAsync(projectId, project.SettingsVersion, cancellationToken);
        SetETag(response, version!.Version);
        return TypedResults.Ok(ProjectSettingsResponse.From(version));
    }

    public static Task<Results<Ok<ProjectSettingsResponse>, ValidationProblem, ProblemHttpResult>> PutSettingsAsync(
        Guid projectId, JsonNode? body, ClaimsPrincipal user, HttpRequest request, ProjectStore projects, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        ChangeAsync(projectId, body, replace: true, user, request, projects, loggers, cancellationToken);

    public static Task<Results<Ok<ProjectSettingsResponse>, ValidationProblem, ProblemHttpResult>> PatchSettingsAsync(
        Guid projectId, JsonNode? body, ClaimsPrincipal user, HttpRequest request, ProjectStore projects, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        ChangeAsync(projectId, body, replace: false, user, request, projects, loggers, cancellationToken);

    public static async Task<Results<Ok<SettingsVersionSummary[]>, ProblemHttpResult>> ListVersionsAsync(
        Guid projectId, ClaimsPrincipal user, ProjectStore projects, CancellationToken cancellationToken)
    {
        if (Caller.From(user).ProjectId != projectId)
        {
            return ApiProblems.NotFound("Project", projectId);
        }

        return TypedResults.Ok((await projects.ListVersionsAsync(projectId, cancellationToken)).Select(SettingsVersionSummary.From).ToArray());
    }

    public static async Task<Results<Ok<ProjectSettingsResponse>, ProblemHttpResult>> GetVersionAsync(
        Guid projectId, int version, ClaimsPrincipal user, ProjectStore projects, CancellationToken cancellationToken)
    {
        if (Caller.From(user).ProjectId != projectId)
        {
            return ApiProblems.NotFound("Project", projectId);
        }

        return await projects.GetVersionAsync(projectId, version, cancellationToken) is { } found
            ? TypedResults.Ok(ProjectSettingsResponse.From(found))
            : ApiProblems.NotFound("Settings version", version);
    }

    public static async Task<Results<Ok<SettingsDiffResponse>, ValidationProblem, ProblemHttpResult>> DiffAsync(
        Guid projectId, int? from, int? to, ClaimsPrincipal user, ProjectStore projects, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (from is not > 0)
        {
            errors.Add("from", $"must be a settings version (1 or more; was {from?.ToString(CultureInfo.InvariantCulture) ?? "missing"})");
        }

        if (to is not > 0)
        {
            errors.Add("to", $"must be a settings version (1 or more; was {to?.ToString(CultureInfo.InvariantCulture) ?? "missing"})");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        if (Caller.From(user).ProjectId != projectId)
        {
            return ApiProblems.NotFound("Project", projectId);
        }

        var older = await projects.GetVersionAsync(projectId, from!.Value, cancellationToken);
        var newer = await projects.GetVersionAsync(projectId, to!.Value, cancellationToken);
        if (older is null || newer is null)
        {
            return ApiProblems.NotFound("Settings version", older is null ? from.Value : to.Value);
        }

        return TypedResults.Ok(new SettingsDiffResponse(projectId, from.Value, to.Value, SettingsDiff.Between(older.Settings, newer.Settings)));
    }

    private static async Task<Results<Ok<ProjectSettingsResponse>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        Guid projectId, JsonNode? body, bool replace, ClaimsPrincipal user, HttpRequest request, ProjectStore projects, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (caller.ProjectId != projectId)
        {
            return ApiProblems.NotFound("Project", projectId);
        }

        if (body is not JsonObject document)
        {
            return ApiProblems.Invalid("settings", $"the body must be a JSON object with any of {string.Join(", ", ProjectSettings.Sections)}");
        }

        var errors = new ValidationErrors();
        foreach (var unknown in document.Select(p => p.Key).Where(name => !ProjectSettings.Sections.Contains(name)))
        {
            errors.Add(unknown, $"is not a setting; the settings are {string.Join(", ", ProjectSettings.Sections)}");
        }

        var expectedVersion = ParseIfMatch(request.Headers.IfMatch.ToString(), errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        var current = await projects.GetAsync(projectId, cancellationToken);
        var merged = replace ? document : JsonMergePatch.Apply(SettingsDiff.ToNode(current.Settings), document);
        ProjectSettings? settings;
        try
        {
            settings = merged.Deserialize<ProjectSettings>(StrictJson);
        }
        catch (JsonException e)
        {
            // The path names the bad member, e.g. $.quality.minScore.
            var field = e.Path is { Length: > 2 } path ? path[2..] : "settings";
            return ApiProblems.Invalid(field, $"is not valid here: {e.Message.Split(" Path:", 2)[0]}");
        }

        foreach (var (field, problem) in settings?.Validate() ?? [("settings", "must not be null")])
        {
            errors.Add(field, problem);
        }

        if (settings?.Publishing?.TimeZone is { } zone && ProjectLocalTime.FindZone(zone) is null)
        {
            errors.Add("publishing.timeZone", $"must be an IANA time zone such as \"Europe/Berlin\" (was \"{zone}\")");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        var changes = SettingsDiff.Between(current.Settings, settings!);
        var adminOnly = changes.Select(c => c.Path).Where(p => AdminOnlyPrefixes.Any(prefix => p.StartsWith(prefix + "/", StringComparison.Ordinal) || p == prefix)).ToList();
        if (adminOnly.Count > 0 && caller.Role != ApiKeyRole.Admin)
        {
            return TypedResults.Problem(
                title: "Admin key required",
                detail: $"Only an admin key may change {string.Join(", ", adminOnly)}: LLM settings decide where the project's LLM key is sent and what calls cost, publishing settings whether approval is required.",
                statusCode: StatusCodes.Status403Forbidden);
        }

        ProjectSettingsVersion version;
        try
        {
            version = await projects.UpdateSettingsAsync(projectId, settings!, expectedVersion, caller.Name, caller.KeyId, cancellationToken);
        }
        catch (ProjectSettingsConflictException e)
        {
            return TypedResults.Problem(title: "Settings changed meanwhile", detail: $"{e.Message} Read it, then send the change again with If-Match: \"{e.Latest}\".", statusCode: StatusCodes.Status412PreconditionFailed);
        }

        ApiLog.SettingsChanged(loggers.CreateLogger(typeof(ProjectSettingsApi)), projectId, version.Version, caller.Name, string.Join(", ", version.ChangedPaths));
        SetETag(request.HttpContext.Response, version.Version);
        return TypedResults.Ok(ProjectSettingsResponse.From(version));
    }

    // If-Match: "3" (or 3) is the version the change is based on; none applies the change to the latest.
    private static int? ParseIfMatch(string value, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.StartsWith("W/", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        if (int.TryParse(trimmed.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
        {
            return version;
        }

        errors.Add("If-Match", $"must be the settings version the change is based on, such as \"3\" (was {value})");
        return null;
    }

    private static void SetETag(HttpResponse response, int version) =>
        response.Headers.ETag = string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");
}
