using ContentFlows.Activities.Stages;
using ContentFlows.Api.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentFlows.Api.StageTypes;

/// <summary>The registered stage types, for pipeline builders: what each does and the JSON schema of its config.</summary>
internal static class StageTypesApi
{
    public static RouteGroupBuilder MapStageTypesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api/stage-types").WithTags("Stage types").RequireAuthorization(ApiPolicies.Reader);
        group.MapGet("/", ListStageTypes).WithName("ListStageTypes")
            .WithSummary("Every stage type a definition may use, by name: its description, whether it publishes, and its config's JSON schema with defaults.");
        return group;
    }

    public static Ok<IReadOnlyList<StageTypeDescription>> ListStageTypes(StageTypeRegistry registry) => TypedResults.Ok(registry.Describe());
}
