using System.Security.Claims;
using ContentFlows.Activities.Runs;
using ContentFlows.Api.Access;
using ContentFlows.Api.Infrastructure;
using ContentFlows.Api.Runs;
using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Exceptions;
using ContentFlows.Workflows.Pipelines;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentFlows.Api.Approvals;

/// <summary>The approval queue across the project's runs, and a reviewer's decision sent to a waiting run as the <c>approve</c> signal.</summary>
internal static class ApprovalsApi
{
    public const int MaxReasonLength = 2000;

    public static RouteGroupBuilder MapApprovalsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api").WithTags("Approvals").RequireAuthorization(ApiPolicies.Reviewer);
        group.MapGet("/approvals", ListApprovalQueueAsync).WithName("ListApprovalQueue").WithSummary("List the project's runs awaiting a reviewer.");
        group.MapPost("/runs/{runId:guid}/approval", DecideAsync).WithName("DecideApproval").WithSummary("Approve, edit or reject a run awaiting approval.");
        return group;
    }

    public static async Task<Ok<ApprovalQueueItem[]>> ListApprovalQueueAsync(ClaimsPrincipal user, ApprovalQueueQueries queue, CancellationToken cancellationToken) =>
        TypedResults.Ok((await queue.ListAsync(Caller.From(user).ProjectId, cancellationToken)).ToArray());

    public static async Task<Results<Accepted<ApprovalAccepted>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid runId, ApprovalRequest? request, ClaimsPrincipal user, PipelineRunStore runs, ITemporalClient client, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var decision = Validate(request, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        var caller = Caller.From(user);
        if (await runs.FindOwnAsync(caller, runId, cancellationToken) is not { } run)
        {
            return ApiProblems.NotFound("Run", runId);
        }

        // The workflow, not the row, is the authority on whether it waits: it flips the flag before the row is written.
        var handle = client.GetWorkflowHandle<PipelineWorkflow>(run.WorkflowId);
        PipelineStatus status;
        try
        {
            status = await handle.QueryAsync(wf => wf.Status, Temporalio.Api.Enums.V1.QueryRejectCondition.NotOpen, cancellationToken);
        }
        catch (WorkflowQueryRejectedException)
        {
            return NotWaiting(runId, run.State);
        }

        if (!status.AwaitingApproval)
        {
            return NotWaiting(runId, status.State);
        }

        var signal = new ApprovalDecision(decision, caller.Name, string.IsNullOrWhiteSpace(request!.Reason) ? null : request.Reason.Trim(), decision == ApprovalDecisionKind.Edit ? request.Content : null);
        await handle.SignalAsync(wf => wf.ApproveAsync(signal), cancellationToken);
        ApiLog.ApprovalSent(loggers.CreateLogger(typeof(ApprovalsApi)), caller.ProjectId, runId, decision.ToString().ToLowerInvariant(), caller.KeyId);
        return TypedResults.Accepted($"/api/runs/{runId}", new ApprovalAccepted(runId, decision, caller.Name));
    }

    private static ProblemHttpResult NotWaiting(Guid runId, PipelineRunState state) =>
        ApiProblems.Conflict("Run not awaiting approval", $"Run {runId} is not waiting for a reviewer (state: {state.ToString()}).");

    private static ApprovalDecisionKind Validate(ApprovalRequest? request, ValidationErrors errors)
    {
        var decision = request?.Decision?.Trim().ToLowerInvariant() switch
        {
            "approve" => ApprovalDecisionKind.Approve,
            "edit" => ApprovalDecisionKind.Edit,
            "reject" => ApprovalDecisionKind.Reject,
            _ => (ApprovalDecisionKind?)null,
        };
        if (decision is null)
        {
            errors.Add("decision", $"must be approve, edit or reject (was \"{request?.Decision}\")");
            return default;
        }

        if (request!.Reason is { Length: > MaxReasonLength })
        {
            errors.Add("reason", $"must be at most {MaxReasonLength} characters");
        }

        if (decision == ApprovalDecisionKind.Reject)
        {
            errors.Required("reason", request.Reason, "is required to reject");
        }

        if (decision == ApprovalDecisionKind.Edit)
        {
            if (request.Content is not { } content)
            {
                errors.Add("content", "is required to edit: the full edited text (title, metaDescription, h1, body, cta)");
            }
            else
            {
                errors.Required("content.title", content.Title);
                errors.Required("content.h1", content.H1);
                errors.Required("content.body", content.Body);
                if (content.MetaDescription is null)
                {
                    errors.Add("content.metaDescription", "is required (may be empty)");
                }

                if (content.Cta is null)
                {
                    errors.Add("content.cta", "is required (may be empty)");
                }
            }
        }
        else if (request.Content is not null)
        {
            errors.Add("content", "is only allowed with decision edit");
        }

        return decision.Value;
    }
}
