using System.Security.Claims;
using System.Text.RegularExpressions;
using ContentFlows.Activities.Projects;
using ContentFlows.Api.Access;
using ContentFlows.Api.Infrastructure;
using ContentFlows.Api.Keys;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace ContentFlows.Api.Projects;

/// <summary>Projects: created with the bootstrap key (answering with the first admin key); read and given secrets by their own keys.</summary>
internal static partial class ProjectsApi
{
    public const int MaxSecretLength = 16 * 1024;

    public static RouteGroupBuilder MapProjectsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api/projects").WithTags("Projects");
        group.MapPost("/", CreateProjectAsync).RequireAuthorization(ApiPolicies.Bootstrap)
            .WithName("CreateProject").WithSummary("Create a project with its brand profile (bootstrap key); answers with its first admin key.");
        group.MapGet("/{projectId:guid}", GetProjectAsync).RequireAuthorization(ApiPolicies.Reader)
            .WithName("GetProject").WithSummary("Read the caller's project.");
        group.MapPut("/{projectId:guid}/secrets/{name}", SetSecretAsync).RequireAuthorization(ApiPolicies.Admin)
            .WithName("SetProjectSecret").WithSummary("Store a secret (encrypted at rest; never returned).");
        group.MapPut("/{projectId:guid}/time-zone", SetTimeZoneAsync).RequireAuthorization(ApiPolicies.Admin)
            .WithName("SetProjectTimeZone").WithSummary("Set the IANA time zone publication times without an offset are read in (default UTC).");
        return group;
    }

    public static async Task<Results<Created<CreatedProjectResponse>, ValidationProblem, ProblemHttpResult>> CreateProjectAsync(
        CreateProjectRequest? request,
        ProjectStore projects,
        ProjectSecretStore secrets,
        ApiKeyStore keys,
        TimeProvider timeProvider,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        var project = new Project(
            Guid.CreateVersion7(timeProvider.GetUtcNow()),
            request!.Name!.Trim(),
            request.Slug!,
            request.Brand ?? new BrandProfile(),
            request.Quality ?? new QualityThresholds(),
            request.Llm ?? new LlmSettings())
        {
            Publishing = request.Publishing ?? new PublishingSettings(),
        };
        try
        {
            await projects.CreateAsync(project, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return ApiProblems.Conflict("Slug taken", $"A project with slug \"{project.Slug}\" already exists.");
        }

        foreach (var (name, value) in request.Secrets ?? new Dictionary<string, string>())
        {
            // Validate() let only the LLM key through here; channel secrets need a host, declared with PUT.
            await secrets.SetAsync(project.Id, name, value, new ProjectSecretScope(ProjectSecretPurposes.LlmApiKey), cancellationToken);
        }

        var (key, plaintext) = await keys.CreateAsync(project.Id, "admin", ApiKeyRole.Admin, cancellationToken);
        ApiLog.ProjectCreated(loggers.CreateLogger(typeof(ProjectsApi)), project.Id, key.Id);
        var secretNames = await secrets.ListNamesAsync(project.Id, cancellationToken);
        return TypedResults.Created($"/api/projects/{project.Id}", new CreatedProjectResponse(ProjectResponse.From(project, secretNames), CreatedApiKeyResponse.From(key, plaintext)));
    }

    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> GetProjectAsync(
        Guid projectId, ClaimsPrincipal user, ProjectStore projects, ProjectSecretStore secrets, CancellationToken cancellationToken)
    {
        if (Caller.From(user).ProjectId != projectId)
        {
            return ApiProblems.NotFound("Project", projectId);
        }

        var project = await projects.GetAsync(projectId, cancellationToken);
        return TypedResults.Ok(ProjectResponse.From(project, await secrets.ListNamesAsync(projectId, cancellationToken)));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetSecretAsync(
        Guid projectId, string name, SetSecretRequest? request, ClaimsPrincipal user, ProjectSecretStore secrets, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (Caller.From(user).ProjectId != projectId)
        {
            return ApiProblems.NotFound("Project", projectId);
        }

        var errors = new ValidationErrors();
        ValidateSecret(errors, "name", name, request?.Value, "value");
        var scope = new ProjectSecretScope(request?.Purpose ?? string.Empty, string.IsNullOrWhiteSpace(request?.Host) ? null : request.Host.Trim());
        foreach (var problem in scope.Validate("secret"))
        {
            // Problems read "secret.purpose must ..." or "secret.host is ...": the field is the part after the dot.
            errors.Add(problem.Split(' ', 2)[0]["secret.".Length..], problem);
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        await secrets.SetAsync(projectId, name, request!.Value!, scope, cancellationToken);
        ApiLog.SecretStored(loggers.CreateLogger(typeof(ProjectsApi)), projectId, name);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ProjectResponse>, ValidationProblem, ProblemHttpResult>> SetTimeZoneAsync(
        Guid projectId, ProjectTimeZoneRequest? request, ClaimsPrincipal user, ProjectStore projects, ProjectSecretStore secrets, CancellationToken cancellationToken)
    {
        if (Caller.From(user).ProjectId != projectId)
        {
            return ApiProblems.NotFound("Project", projectId);
        }

        if (ProjectLocalTime.FindZone(request?.TimeZone) is not { } zone)
        {
            return ApiProblems.Invalid("timeZone", $"must be an IANA time zone such as \"Europe/Berlin\" (was \"{request?.TimeZone}\")");
        }

        // A settings change like any other: a new version, so runs already started keep the zone they pinned.
        var caller = Caller.From(user);
        var current = await projects.GetAsync(projectId, cancellationToken);
        await projects.UpdateSettingsAsync(
            projectId,
            new ProjectSettings(current.Brand, current.Quality, current.Llm, current.Publishing with { TimeZone = zone.Id }),
            expectedVersion: null,
            caller.Name,
            caller.KeyId,
            cancellationToken);
        var project = await projects.GetAsync(projectId, cancellationToken);
        return TypedResults.Ok(ProjectResponse.From(project, await secrets.ListNamesAsync(projectId, cancellationToken)));
    }

    private static ValidationErrors Validate(CreateProjectRequest? request)
    {
        var errors = new ValidationErrors();
        errors.Required("name", request?.Name);
        // Only slugs that are already their own site folder (Slug.From): "acme-demo-" would otherwise publish into
        // the folder of "acme-demo" and overwrite another tenant's static site.
        if (request?.Slug is not { Length: <= 63 } slug || !SlugPattern().IsMatch(slug))
        {
            errors.Add("slug", $"must be lower-case letters and digits, in groups joined by single dashes (none at either end), at most 63 characters (was \"{request?.Slug}\")");
        }

        if (request?.Publishing?.TimeZone is { } zone && ProjectLocalTime.FindZone(zone) is null)
        {
            errors.Add("publishing.timeZone", $"must be an IANA time zone such as \"Europe/Berlin\" (was \"{zone}\")");
        }

        var settings = new ProjectSettings(request?.Brand ?? new BrandProfile(), request?.Quality ?? new QualityThresholds(), request?.Llm ?? new LlmSettings(), request?.Publishing ?? new PublishingSettings());
        foreach (var (field, problem) in settings.Validate())
        {
            errors.Add(field, problem);
        }

        var llmKeyName = request?.Llm?.ApiKeySecret ?? LlmSettings.DefaultApiKeySecret;
        foreach (var (name, value) in request?.Secrets ?? new Dictionary<string, string>())
        {
            ValidateSecret(errors, $"secrets.{name}", name, value, $"secrets.{name}");
            if (name != llmKeyName)
            {
                errors.Add($"secrets.{name}", $"only the LLM key (\"{llmKeyName}\") may be given at creation; store channel secrets with PUT /api/projects/{{projectId}}/secrets/{{name}}, declaring their purpose and host");
            }
        }

        return errors;
    }

    private static void ValidateSecret(ValidationErrors errors, string nameField, string name, string? value, string valueField)
    {
        if (!SecretNamePattern().IsMatch(name))
        {
            errors.Add(nameField, $"a secret name must be lower-case letters, digits and - _ . : (at most 64 characters; was \"{name}\")");
        }

        // The value is never echoed: it is a secret.
        if (string.IsNullOrEmpty(value) || value.Length > MaxSecretLength)
        {
            errors.Add(valueField, $"must be a non-empty string of at most {MaxSecretLength} characters");
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9_.:-]{0,63}$")]
    private static partial Regex SecretNamePattern();
}
