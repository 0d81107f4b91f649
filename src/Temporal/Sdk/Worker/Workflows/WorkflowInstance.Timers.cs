using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.Worker.Workflows;

/// <content>Durable timers (StartTimer / TimerFired / CancelTimer) and wait conditions.</content>
internal sealed partial class WorkflowInstance
{
    private readonly Dictionary<string, PendingTimer> timers = new(StringComparer.Ordinal);
    private readonly List<PendingCondition> conditions = [];
    private int timerSequence;

    /// <summary>Starts a durable timer; the task completes when it fires, or is cancelled through the token.</summary>
    public Task StartTimerAsync(TimeSpan delay, CancellationToken? cancellationToken)
    {
        var token = cancellationToken ?? CancellationToken;
        if (delay == Timeout.InfiniteTimeSpan)
        {
            // No timer: wait for cancellation only.
            return WaitForCancellationAsync(token);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        EnsureCanIssueCommands();
        if (token.IsCancellationRequested)
        {
            return Task.FromCanceled(token);
        }

        // Zero-length timers are not allowed by the server; one millisecond is the shortest, as in Temporal's SDKs.
        if (delay < TimeSpan.FromMilliseconds(1))
        {
            delay = TimeSpan.FromMilliseconds(1);
        }

        var timer = new PendingTimer((++timerSequence).ToString(CultureInfo.InvariantCulture));
        timer.Command = AddCommand(new Command
        {
            CommandType = CommandType.StartTimer,
            StartTimerCommandAttributes = new StartTimerCommandAttributes { TimerId = timer.TimerId, StartToFireTimeout = Duration.FromTimeSpan(delay) },
        });
        timers[timer.TimerId] = timer;
        if (token.CanBeCanceled)
        {
            timer.Registration = token.Register(() => CancelTimer(timer, token));
        }

        return timer.Completion.Task;
    }

    /// <summary>Registers a condition; the task completes once the predicate returns true after a drain.</summary>
    public Task WaitConditionAsync(Func<bool> predicate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var condition = new PendingCondition(predicate);
        conditions.Add(condition);
        if (cancellationToken.CanBeCanceled)
        {
            condition.Registration = cancellationToken.Register(() =>
            {
                conditions.Remove(condition);
                condition.Completion.TrySetCanceled(cancellationToken);
            });
        }

        return condition.Completion.Task;
    }

    private static Task WaitForCancellationAsync(CancellationToken token)
    {
        var completion = new TaskCompletionSource();
        if (token.CanBeCanceled)
        {
            token.Register(() => completion.TrySetCanceled(token));
        }

        return completion.Task;
    }

    private bool ResolveSatisfiedConditions()
    {
        var any = false;
        foreach (var condition in conditions.ToList())
        {
            if (condition.Predicate())
            {
                conditions.Remove(condition);
                condition.Registration.Dispose();
                condition.Completion.TrySetResult();
                any = true;
            }
        }

        return any;
    }

    private void CancelTimer(PendingTimer timer, CancellationToken token)
    {
        if (timer.Completion.Task.IsCompleted || IsClosed)
        {
            return;
        }

        timers.Remove(timer.TimerId);
        if (!TryWithdrawCommand(timer.Command))
        {
            AddCommand(new Command
            {
                CommandType = CommandType.CancelTimer,
                CancelTimerCommandAttributes = new CancelTimerCommandAttributes { TimerId = timer.TimerId },
            });
        }

        timer.Completion.TrySetCanceled(token);
    }

    private void ResolveTimer(string timerId)
    {
        if (timers.Remove(timerId, out var timer))
        {
            timer.Registration.Dispose();
            timer.Completion.TrySetResult();
        }
    }
}
