using System.Linq.Expressions;
using System.Reflection;
using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.Client;

/// <summary>Reads typed lambdas like <c>(MyWorkflow wf) =&gt; wf.RunAsync(input)</c>: which member is called and with which argument values.</summary>
internal static class CallExpressions
{
    /// <summary>The method called on the lambda's parameter and its evaluated arguments.</summary>
    public static (MethodInfo Method, object?[] Args) MethodCall(LambdaExpression lambda)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        var body = Unwrap(lambda.Body);
        if (body is not MethodCallExpression call || call.Object is not ParameterExpression parameter || parameter != lambda.Parameters[0])
        {
            throw new ArgumentException($"Expression must be a single method call on its parameter, e.g. wf => wf.RunAsync(arg); was {lambda.Body}.", nameof(lambda));
        }

        return (call.Method, [.. call.Arguments.Select(Evaluate)]);
    }

    /// <summary>The method or property read on the lambda's parameter (a query) and its evaluated arguments.</summary>
    public static (MemberInfo Member, object?[] Args) MemberAccess(LambdaExpression lambda)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        var body = Unwrap(lambda.Body);
        return body switch
        {
            MethodCallExpression { Object: ParameterExpression p } call when p == lambda.Parameters[0] => (call.Method, [.. call.Arguments.Select(Evaluate)]),
            MemberExpression { Expression: ParameterExpression p, Member: PropertyInfo property } when p == lambda.Parameters[0] => (property, []),
            _ => throw new ArgumentException($"Expression must be a method call or property read on its parameter, e.g. wf => wf.Status; was {lambda.Body}.", nameof(lambda)),
        };
    }

    /// <summary>The workflow type name and arguments of a run-method call; the method must carry [WorkflowRun].</summary>
    public static (string WorkflowType, object?[] Args) WorkflowRun<TWorkflow>(LambdaExpression lambda)
    {
        var (method, args) = MethodCall(lambda);
        if (method.GetCustomAttribute<WorkflowRunAttribute>(inherit: false) is null)
        {
            throw new ArgumentException($"{method.DeclaringType?.Name}.{method.Name} has no [WorkflowRun] attribute.", nameof(lambda));
        }

        return (TemporalNames.Workflow(typeof(TWorkflow)), args);
    }

    private static Expression Unwrap(Expression expression)
    {
        while (expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.TypeAs } unary)
        {
            expression = unary.Operand;
        }

        return expression;
    }

    private static object? Evaluate(Expression expression)
    {
        switch (expression)
        {
            case ConstantExpression constant:
                return constant.Value;
            case MemberExpression { Member: FieldInfo field } member when member.Expression is null or ConstantExpression:
                // Captured locals live in fields of a closure object: read them without compiling.
                return field.GetValue(member.Expression is ConstantExpression owner ? owner.Value : null);
            default:
                return Expression.Lambda<Func<object?>>(Expression.Convert(expression, typeof(object))).Compile(preferInterpretation: true)();
        }
    }
}
