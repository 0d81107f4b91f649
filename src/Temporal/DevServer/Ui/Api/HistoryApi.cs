using System.Text;
using ContentFlows.Temporal.DevServer.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Temporalio.Api.Common.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Ui.Api;

/// <summary>
/// A run's event history: everything available at once (all engine pages joined), a long poll for
/// what comes next (wait_new_event, as SDKs wait on a result), and the download the replayer reads.
/// </summary>
internal static class HistoryApi
{
    /// <summary>A little over the engine's history long-poll timeout, so the engine answers first.</summary>
    private static readonly TimeSpan LongPollDeadline = TimeSpan.FromSeconds(25);

    public static void MapHistoryApi(this IEndpointRouteBuilder api)
    {
        var history = api.MapGroup("/namespaces/{ns}/workflows/{workflowId}/runs/{runId}/history");
        history.MapGet(string.Empty, GetHistoryAsync);
        history.MapGet("/download", DownloadAsync);
    }

    /// <summary>
    /// Answers every event after <paramref name="nextPageToken"/>; with <paramref name="wait"/>, first
    /// waits for at least one new event. The token in the answer is present while the run is open.
    /// </summary>
    private static async Task<ContentHttpResult> GetHistoryAsync(
        ServerEngine engine, TimeProvider time, UiShutdown shutdown, string ns, string workflowId, string runId, string? nextPageToken, bool? wait, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, shutdown.Token);
        var request = new GetWorkflowExecutionHistoryRequest
        {
            Namespace = ns,
            Execution = new WorkflowExecution { WorkflowId = workflowId, RunId = UiPayloads.RunId(runId) },
            NextPageToken = ProtoJson.ParseToken(nextPageToken),
            WaitNewEvent = true,
        };
        var result = new GetWorkflowExecutionHistoryResponse { History = new History() };
        if (wait == true)
        {
            var first = await engine.GetWorkflowExecutionHistoryAsync(request, time.GetUtcNow() + LongPollDeadline, linked.Token).ConfigureAwait(false);
            result.History.Events.Add(first.History.Events);
            result.NextPageToken = first.NextPageToken;
            if (first.NextPageToken.IsEmpty || first.History.Events.Count == 0)
            {
                return ProtoJson.Ok(result);
            }

            request.NextPageToken = first.NextPageToken;
        }

        while (true)
        {
            // A deadline one second out makes the engine answer at once when it has nothing new
            // (an empty page with a token), instead of long-polling: this loop only catches up.
            var page = await engine.GetWorkflowExecutionHistoryAsync(request, time.GetUtcNow() + TimeSpan.FromSeconds(1), linked.Token).ConfigureAwait(false);
            result.History.Events.Add(page.History.Events);
            result.NextPageToken = page.NextPageToken;
            if (page.NextPageToken.IsEmpty || page.History.Events.Count == 0)
            {
                return ProtoJson.Ok(result);
            }

            request.NextPageToken = page.NextPageToken;
        }
    }

    /// <summary>The whole history as <c>{"events":[...]}</c>, the JSON the Temporal CLI exports and replayers read.</summary>
    private static async Task<FileContentHttpResult> DownloadAsync(ServerEngine engine, TimeProvider time, string ns, string workflowId, string runId, CancellationToken cancellationToken)
    {
        var history = new History();
        var request = new GetWorkflowExecutionHistoryRequest
        {
            Namespace = ns,
            Execution = new WorkflowExecution { WorkflowId = workflowId, RunId = UiPayloads.RunId(runId) },
        };
        do
        {
            var page = await engine.GetWorkflowExecutionHistoryAsync(request, time.GetUtcNow() + TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            history.Events.Add(page.History.Events);
            request.NextPageToken = page.NextPageToken;
        }
        while (!request.NextPageToken.IsEmpty);

        var startedRunId = history.Events.Count > 0 ? history.Events[0].WorkflowExecutionStartedEventAttributes?.OriginalExecutionRunId : null;
        var name = $"{SafeFileName(workflowId)}_{SafeFileName(string.IsNullOrEmpty(startedRunId) ? runId : startedRunId)}.json";
        return TypedResults.File(Encoding.UTF8.GetBytes(ProtoJson.Format(history)), "application/json", name);
    }

    private static string SafeFileName(string value)
    {
        var invalid = Path.GetInvalidFileNameChars();
        return string.Concat(value.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '_' : c));
    }
}
