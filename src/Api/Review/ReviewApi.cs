using System.Security.Claims;
using ContentFlows.Activities.Projects;
using ContentFlows.Api.Access;
using ContentFlows.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentFlows.Api.Review;

/// <summary>The reviewers' page at /review (anonymous: it holds no data; the key it is given fetches everything) and its session endpoint.</summary>
internal static class ReviewApi
{
    public const string PagePath = "/review";

    /// <summary>The resource prefix of the page's embedded files (the csproj's LogicalName).</summary>
    public const string ResourcePrefix = "ContentFlows.Api.Review.wwwroot/";

    public static IEndpointRouteBuilder MapReviewPage(this IEndpointRouteBuilder routes)
    {
        // The page's files are public; /review and /review/ (an empty catch-all) answer the page itself.
        routes.MapGet(PagePath + "/{**path}", (HttpContext context, [FromKeyedServices(PagePath)] StaticPageAssets assets, string? path) => assets.Serve(context, string.IsNullOrEmpty(path) ? "index.html" : path))
            .ExcludeFromDescription();

        routes.MapGroup("api/review").WithTags("Review").RequireAuthorization(ApiPolicies.Reader)
            .MapGet("/session", GetSessionAsync).WithName("GetReviewSession").WithSummary("Who the presented key is: reviewer name, role and project.");
        return routes;
    }

    public static async Task<Ok<ReviewSession>> GetSessionAsync(ClaimsPrincipal user, ProjectStore projects, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var project = await projects.GetAsync(caller.ProjectId, cancellationToken);
        return TypedResults.Ok(new ReviewSession(project.Id, project.Name, caller.Name, caller.Role.ToString().ToLowerInvariant()));
    }
}
