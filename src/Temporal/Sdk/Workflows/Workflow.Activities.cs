using System.Linq.Expressions;
using System.Reflection;
using ContentFlows.Temporal.Worker.Workflows;

namespace ContentFlows.Temporal.Workflows;

/// <content>Activities, started from typed lambdas (<c>(MyActivities a) =&gt; a.DraftAsync(id)</c>) or by name.</content>
public static partial class Workflow
{
    /// <summary>Runs an activity method of <typeparamref name="TActivityInstance"/> and returns its result.</summary>
    /// <typeparam name="TActivityInstance">The activity class.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="activityCall">The call, e.g. <c>a =&gt; a.DraftAsync(id)</c>; arguments are evaluated now.</param>
    /// <param name="options">The activity options.</param>
    /// <returns>The result; throws <see cref="Exceptions.ActivityFailureException"/> when the activity fails.</returns>
    public static Task<TResult> ExecuteActivityAsync<TActivityInstance, TResult>(Expression<Func<TActivityInstance, Task<TResult>>> activityCall, ActivityOptions options) =>
        ExecuteActivityCallAsync<TResult>(activityCall, options);

    /// <summary>Runs an activity method of <typeparamref name="TActivityInstance"/> that has no result.</summary>
    /// <typeparam name="TActivityInstance">The activity class.</typeparam>
    /// <param name="activityCall">The call, e.g. <c>a =&gt; a.PublishAsync(id)</c>.</param>
    /// <param name="options">The activity options.</param>
    /// <returns>A task that completes when the activity has.</returns>
    public static Task ExecuteActivityAsync<TActivityInstance>(Expression<Func<TActivityInstance, Task>> activityCall, ActivityOptions options) =>
        ExecuteActivityCallAsync(activityCall, options);

    /// <summary>Runs a synchronous activity method of <typeparamref name="TActivityInstance"/> and returns its result.</summary>
    /// <typeparam name="TActivityInstance">The activity class.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="activityCall">The call.</param>
    /// <param name="options">The activity options.</param>
    /// <returns>The result.</returns>
    public static Task<TResult> ExecuteActivityAsync<TActivityInstance, TResult>(Expression<Func<TActivityInstance, TResult>> activityCall, ActivityOptions options) =>
        ExecuteActivityCallAsync<TResult>(activityCall, options);

    /// <summary>Runs a synchronous activity method of <typeparamref name="TActivityInstance"/> that has no result.</summary>
    /// <typeparam name="TActivityInstance">The activity class.</typeparam>
    /// <param name="activityCall">The call.</param>
    /// <param name="options">The activity options.</param>
    /// <returns>A task that completes when the activity has.</returns>
    public static Task ExecuteActivityAsync<TActivityInstance>(Expression<Action<TActivityInstance>> activityCall, ActivityOptions options) =>
        ExecuteActivityCallAsync(activityCall, options);

    /// <summary>Runs a static activity method and returns its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="activityCall">The call, e.g. <c>() =&gt; Activities.DraftAsync(id)</c>.</param>
    /// <param name="options">The activity options.</param>
    /// <returns>The result.</returns>
    public static Task<TResult> ExecuteActivityAsync<TResult>(Expression<Func<Task<TResult>>> activityCall, ActivityOptions options) =>
        ExecuteActivityCallAsync<TResult>(activityCall, options);

    /// <summary>Runs a static activity method that has no result.</summary>
    /// <param name="activityCall">The call.</param>
    /// <param name="options">The activity options.</param>
    /// <returns>A task that completes when the activity has.</returns>
    public static Task ExecuteActivityAsync(Expression<Func<Task>> activityCall, ActivityOptions options) =>
        ExecuteActivityCallAsync(activityCall, options);

    /// <summary>Runs an activity by type name and returns its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="activity">The activity type name.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="options">The activity options.</param>
    /// <returns>The result.</returns>
    public static async Task<TResult> ExecuteActivityAsync<TResult>(string activity, IReadOnlyCollection<object?> args, ActivityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var instance = WorkflowInstance.Require();
        var payload = await instance.ScheduleActivityAsync(activity, args, options);
        return payload is null ? default! : (TResult)instance.PayloadConverter.ToValue(payload, typeof(TResult))!;
    }

    /// <summary>Runs an activity by type name that has no result (or whose result is ignored).</summary>
    /// <param name="activity">The activity type name.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="options">The activity options.</param>
    /// <returns>A task that completes when the activity has.</returns>
    public static Task ExecuteActivityAsync(string activity, IReadOnlyCollection<object?> args, ActivityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return WorkflowInstance.Require().ScheduleActivityAsync(activity, args, options);
    }

    private static Task<TResult> ExecuteActivityCallAsync<TResult>(LambdaExpression activityCall, ActivityOptions options)
    {
        ArgumentNullException.ThrowIfNull(activityCall);
        var (method, args) = ActivityCall(activityCall);
        return ExecuteActivityAsync<TResult>(TemporalNames.Activity(method), args, options);
    }

    private static Task ExecuteActivityCallAsync(LambdaExpression activityCall, ActivityOptions options)
    {
        ArgumentNullException.ThrowIfNull(activityCall);
        var (method, args) = ActivityCall(activityCall);
        return ExecuteActivityAsync(TemporalNames.Activity(method), args, options);
    }

    private static (MethodInfo Method, object?[] Args) ActivityCall(LambdaExpression lambda)
    {
        var body = lambda.Body;
        while (body is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } unary)
        {
            body = unary.Operand;
        }

        var valid = body is MethodCallExpression call
            && (call.Method.IsStatic
                ? lambda.Parameters.Count == 0
                : lambda.Parameters.Count == 1 && call.Object == lambda.Parameters[0]);
        if (!valid)
        {
            throw new ArgumentException($"An activity call must be a single method call on the lambda's parameter (a => a.DoAsync(x)) or a static method call (() => Activities.DoAsync(x)); was {lambda.Body}.", nameof(lambda));
        }

        var methodCall = (MethodCallExpression)body;
        var args = methodCall.Arguments
            .Select(arg => arg is ConstantExpression constant
                ? constant.Value
                : Expression.Lambda<Func<object?>>(Expression.Convert(arg, typeof(object))).Compile(preferInterpretation: true)())
            .ToArray();
        return (methodCall.Method, args);
    }
}
