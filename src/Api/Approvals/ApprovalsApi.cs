using System.Security.Claims;
using ContentFlows.Activities.Runs;
using ContentFlows.Api.Access;
using ContentFlows.Api.Infrastructure;
using ContentFlows.Api.Runs;
using Temporalio.Client;
using Temporalio.Exceptions;
using ContentFlows.Workflows.Pipelines;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentFlows.Api.Approvals;

/// <summary>The approval queue across the project's runs, and a reviewer's decision sent to a waiting run as the <c>approve</c> signal.</summary>
internal static class ApprovalsApi
{
    public const int MaxReasonLength = 2000;

    // Decision points are stage index × this + review round, increasing through a run as the claims require.
    private const int MaxReviewRounds = 1000;

    public static RouteGroupBuilder MapApprovalsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api").WithTags("Approvals").RequireAuthorization(ApiPolicies.Reviewer);
        group.MapGet("/approvals", ListApprovalQueueAsync).WithName("ListApprovalQueue").WithSummary("List the project's runs awaiting a reviewer (approval stages, escalations and needs-review drafts).");
        group.MapPost("/runs/{runId:guid}/approval", DecideAsync).WithName("DecideApproval").WithSummary("Approve, edit or reject a run awaiting approval or review; an edit of a needs-review draft goes through the gates again.");
        return group;
    }

    public static async Task<Ok<ApprovalQueueItem[]>> ListApprovalQueueAsync(ClaimsPrincipal user, ApprovalQueueQueries queue, CancellationToken cancellationToken) =>
        TypedResults.Ok((await queue.ListAsync(Caller.From(user).ProjectId, cancellationToken)).ToArray());

    public static async Task<Results<Accepted<ApprovalAccepted>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid runId, ApprovalRequest? request, ClaimsPrincipal user, PipelineRunStore runs, ApprovalClaims claims, ITemporalClient client, ILoggerFactory loggers, CancellationToken cancellationToken)
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

        // Cancelled through the API: the workflow may still answer that it waits until it has processed the cancellation.
        if (run.CancelledAt is not null)
        {
            return ApiProblems.Conflict("Run not awaiting approval", $"Run {runId} was cancelled by {run.CancelledBy}.");
        }

        // The workflow, not the row, is the authority on whether it waits: it flips the flag before the row is written.
        var handle = client.GetWorkflowHandle<PipelineWorkflow>(run.WorkflowId);
        PipelineStatus status;
        try
        {
            status = await handle.QueryAsync(wf => wf.Status, new WorkflowQueryOptions { RejectCondition = Temporalio.Api.Enums.V1.QueryRejectCondition.NotOpen, Rpc = new RpcOptions { CancellationToken = cancellationToken } });
        }
        catch (WorkflowQueryRejectedException)
        {
            return NotWaiting(runId, run.State);
        }

        if (!status.AwaitingApproval || status.CurrentStageIndex is not { } stageIndex)
        {
            return NotWaiting(runId, status.State);
        }

        // A refused first draft leaves nothing to approve; the workflow would drop the approval.
        if (decision == ApprovalDecisionKind.Approve && status.State == PipelineRunState.NeedsReview && status.Versions.Count == 0)
        {
            return ApiProblems.Conflict("Nothing to approve", $"Run {runId} has no draft yet: edit (write the text) or reject.");
        }

        // The workflow keeps the first decision and drops the rest, so only the one request that claims this decision may
        // signal; the others learn who decided. The stage index and review round, not the runs row, name the decision: the
        // row is written just after the workflow starts waiting, so it would refuse decisions the workflow already takes.
        var decisionPoint = (stageIndex * MaxReviewRounds) + status.ReviewRound;
        if (await claims.TryClaimAsync(runId, decisionPoint, caller.Name, cancellationToken) is not { } claimId)
        {
            return await claims.FindHolderAsync(runId, decisionPoint, cancellationToken) is { } holder
                ? ApiProblems.Conflict("Run already decided", $"Run {runId} was already decided by {holder}; only the first decision counts.")
                : NotWaiting(runId, status.State);
        }

        var signal = new ApprovalDecision(decision, caller.Name, string.IsNullOrWhiteSpace(request!.Reason) ? null : request.Reason.Trim(), decision == ApprovalDecisionKind.Edit ? request.Content : null);
        var logger = loggers.CreateLogger(typeof(ApprovalsApi));
        try
        {
            // Not cut short when the reviewer goes away: a signal abandoned half-way may or may not have been delivered.
            await handle.SignalAsync(wf => wf.ApproveAsync(signal));
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.InvalidArgument)
        {
            // Refused, so certainly not delivered (e.g. an edit above the server's payload limit): the stage can be decided again.
            await ReleaseAfterFailedSignalAsync(claims, logger, caller, runId, claimId, e);
            return TypedResults.Problem(
                title: "Decision refused by the workflow service",
                detail: $"The decision was not delivered and nothing was recorded; the run still waits for a reviewer. The Temporal server said: {e.Message}",
                statusCode: StatusCodes.Status400BadRequest);
        }
        catch (Exception e)
        {
            // Typically the server was unreachable, so nothing arrived: give the stage back so the decision can be retried.
            await ReleaseAfterFailedSignalAsync(claims, logger, caller, runId, claimId, e);
            throw;
        }

        ApiLog.ApprovalSent(logger, caller.ProjectId, runId, decision.ToString().ToLowerInvariant(), caller.KeyId);
        return TypedResults.Accepted($"/api/runs/{runId}", new ApprovalAccepted(runId, decision, caller.Name));
    }

    private static async Task ReleaseAfterFailedSignalAsync(ApprovalClaims claims, ILogger logger, Caller caller, Guid runId, Guid claimId, Exception failure)
    {
        await claims.ReleaseAsync(runId, claimId, CancellationToken.None);
        ApiLog.ApprovalSignalFailed(logger, caller.ProjectId, runId, failure);
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

                // The workflow would store and publish whatever variants it is sent, so unknown kinds and empty texts stop here.
                foreach (var problem in MarketingVariantKinds.Problems(content.Variants))
                {
                    // Each problem starts with its variant, e.g. "variants[1] has the unknown kind ...".
                    errors.Add("content." + problem.Split(' ', 2)[0], problem);
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
