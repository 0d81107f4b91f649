using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ContentFlows.Activities.Batches;
using ContentFlows.Activities.Notifications;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Runs;
using ContentFlows.Api.Access;
using ContentFlows.Api.Infrastructure;
using ContentFlows.Api.Runs;
using ContentFlows.Workflows.Pipelines;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentFlows.Api.Notifications;

/// <summary>
/// Who is told about a project's drafts awaiting approval, escalations, failed runs and finished batches (its
/// notification settings: a signed webhook, e-mail over SMTP), and what was sent for a run or a batch.
/// </summary>
internal static class NotificationsApi
{
    // A misspelt member is an error, not a silently ignored setting.
    private static readonly JsonSerializerOptions StrictJson = new(PipelineJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        var settings = routes.MapGroup("api/projects/{projectId:guid}/notifications").WithTags("Notifications");
        settings.MapGet("/", GetSettingsAsync).RequireAuthorization(ApiPolicies.Editor)
            .WithName("GetNotificationSettings").WithSummary("The project's notification settings (events, webhook, e-mail and SMTP server; secrets by name only).");
        settings.MapPut("/", PutSettingsAsync).RequireAuthorization(ApiPolicies.Admin)
            .WithName("ReplaceNotificationSettings").WithSummary("Replace the notification settings; the named secrets must exist, declared for their use and host.");
        routes.MapGet("api/runs/{runId:guid}/notifications", ListForRunAsync).RequireAuthorization(ApiPolicies.Reader).WithTags("Notifications")
            .WithName("ListRunNotifications").WithSummary("The notifications sent (or tried) for a run, per channel.");
        routes.MapGet("api/batches/{batchId:guid}/notifications", ListForBatchAsync).RequireAuthorization(ApiPolicies.Reader).WithTags("Notifications")
            .WithName("ListBatchNotifications").WithSummary("The notifications sent (or tried) for a batch, per channel.");
        return routes;
    }

    public static async Task<Results<Ok<NotificationSettings>, ProblemHttpResult>> GetSettingsAsync(
        Guid projectId, ClaimsPrincipal user, NotificationSettingsStore store, CancellationToken cancellationToken)
    {
        if (Caller.From(user).ProjectId != projectId)
        {
            return ApiProblems.NotFound("Project", projectId);
        }

        // A project that never set any notifies nobody: no webhook, no e-mail.
        return TypedResults.Ok(await store.GetAsync(projectId, cancellationToken) ?? new NotificationSettings());
    }

    public static async Task<Results<Ok<NotificationSettings>, ValidationProblem, ProblemHttpResult>> PutSettingsAsync(
        Guid projectId, JsonNode? body, ClaimsPrincipal user, NotificationSettingsStore store, ProjectSecretStore secrets, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (caller.ProjectId != projectId)
        {
            return ApiProblems.NotFound("Project", projectId);
        }

        NotificationSettings? settings;
        try
        {
            settings = body?.Deserialize<NotificationSettings>(StrictJson);
        }
        catch (JsonException e)
        {
            // The path names the bad member, e.g. $.email.smtp.port.
            var field = e.Path is { Length: > 2 } path ? path[2..] : "settings";
            return ApiProblems.Invalid(field, $"is not valid here: {e.Message.Split(" Path:", 2)[0]}");
        }

        if (settings is null)
        {
            return ApiProblems.Invalid("settings", "must be a JSON object with events, webhook and email");
        }

        var errors = new ValidationErrors();
        foreach (var (field, problem) in settings.Validate())
        {
            errors.Add(field, problem);
        }

        if (errors.IsEmpty)
        {
            await CheckSecretsAsync(projectId, settings, secrets, errors, cancellationToken);
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        await store.SetAsync(projectId, settings, caller.Name, cancellationToken);
        return TypedResults.Ok(settings);
    }

    public static async Task<Results<Ok<IReadOnlyList<NotificationRecord>>, ProblemHttpResult>> ListForRunAsync(
        Guid runId, ClaimsPrincipal user, PipelineRunStore runs, NotificationLog log, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (await runs.FindOwnAsync(caller, runId, cancellationToken) is null)
        {
            return ApiProblems.NotFound("Run", runId);
        }

        return TypedResults.Ok(await log.ListForRunAsync(caller.ProjectId, runId, cancellationToken));
    }

    public static async Task<Results<Ok<IReadOnlyList<NotificationRecord>>, ProblemHttpResult>> ListForBatchAsync(
        Guid batchId, ClaimsPrincipal user, BatchStore batches, NotificationLog log, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (await batches.FindAsync(batchId, cancellationToken) is not { } batch || batch.ProjectId != caller.ProjectId)
        {
            return ApiProblems.NotFound("Batch", batchId);
        }

        return TypedResults.Ok(await log.ListForBatchAsync(caller.ProjectId, batchId, cancellationToken));
    }

    // A notification that could never be signed or authenticated is refused now, not discovered at the first event.
    private static async Task CheckSecretsAsync(Guid projectId, NotificationSettings settings, ProjectSecretStore secrets, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (settings.Webhook is { } webhook)
        {
            await CheckSecretAsync(projectId, webhook.SigningSecretName, ProjectSecretPurposes.WebhookSigning, new Uri(webhook.Url).IdnHost, "webhook.signingSecretName", secrets, errors, cancellationToken);
        }

        if (settings.Email?.Smtp is { PasswordSecretName: { } passwordSecret } smtp)
        {
            await CheckSecretAsync(projectId, passwordSecret, ProjectSecretPurposes.SmtpPassword, smtp.Host, "email.smtp.passwordSecretName", secrets, errors, cancellationToken);
        }
    }

    private static async Task CheckSecretAsync(Guid projectId, string name, string purpose, string host, string field, ProjectSecretStore secrets, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ProjectSecret? secret;
        try
        {
            secret = await secrets.GetAsync(projectId, name, cancellationToken);
        }
        catch (CryptographicException)
        {
            errors.Add(field, $"the project secret \"{name}\" cannot be decrypted with the API's secrets key; store it again");
            return;
        }

        if (secret is null)
        {
            errors.Add(field, $"the project has no secret \"{name}\"; store it first with PUT /api/projects/{{projectId}}/secrets/{name} (purpose {purpose}, host {host})");
        }
        else if (secret.Scope is not { } scope || scope.Purpose != purpose || !string.Equals(scope.Host, host, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(field, $"the project secret \"{name}\" is declared for {secret.Scope?.Purpose ?? "no purpose"} to {secret.Scope?.Host ?? "no host"}, not for {purpose} to {host}");
        }
    }
}
