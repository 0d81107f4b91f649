using ContentFlows.Temporal.Api.Grpc;
using Microsoft.AspNetCore.Http;

namespace ContentFlows.Temporal.DevServer.Ui;

/// <summary>Turns the engine's gRPC errors into ProblemDetails with the matching HTTP status.</summary>
internal sealed class GrpcProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (GrpcException e)
        {
            return TypedResults.Problem(
                detail: e.Message,
                statusCode: ToHttpStatus(e.StatusCode),
                title: e.StatusCode.ToString(),
                extensions: new Dictionary<string, object?> { ["grpcStatus"] = (int)e.StatusCode });
        }
        catch (UiRequestException e)
        {
            return TypedResults.Problem(detail: e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        }
    }

    public static int ToHttpStatus(GrpcStatusCode code) => code switch
    {
        GrpcStatusCode.InvalidArgument or GrpcStatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        GrpcStatusCode.NotFound => StatusCodes.Status404NotFound,
        GrpcStatusCode.AlreadyExists or GrpcStatusCode.FailedPrecondition or GrpcStatusCode.Aborted => StatusCodes.Status409Conflict,
        GrpcStatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        GrpcStatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        GrpcStatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        GrpcStatusCode.Unimplemented => StatusCodes.Status501NotImplemented,
        GrpcStatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        GrpcStatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        GrpcStatusCode.Cancelled => 499,
        _ => StatusCodes.Status500InternalServerError,
    };
}
