using ContentFlows.Activities.Runs;
using ContentFlows.Api.Infrastructure;

namespace ContentFlows.Api.Runs;

/// <summary>
/// Every <see cref="ApiOptions.RunReconcileIntervalSeconds"/>, compares a page of open run rows (least recently checked
/// first) with their workflows, so outcomes no worker recorded — a failure, a termination, a worker killed at the
/// moment its run ended — reach the rows within seconds.
/// </summary>
internal sealed class RunReconciliationService(PipelineRunStore runs, RunOutcomeReconciler reconciler, ApiOptions options, TimeProvider timeProvider, ILogger<RunReconciliationService> logger) : BackgroundService
{
    // Bounds one pass's Describe calls; the oldest-checked order lets every open row come round.
    private const int PageSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.RunReconcileIntervalSeconds), timeProvider);
        do
        {
            try
            {
                var open = await runs.ListOpenAsync(PageSize, timeProvider.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                foreach (var run in open)
                {
                    if (await reconciler.ReconcileAsync(run, stoppingToken).ConfigureAwait(false) is { } closed)
                    {
                        ApiLog.RunReconciled(logger, run.Id, closed.ToString());
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Temporal or PostgreSQL unreachable for a moment: the next pass tries again.
                ApiLog.RunReconcileFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
