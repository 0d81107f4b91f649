using System.Security.Claims;
using ContentFlows.Activities.Projects;
using ContentFlows.Api.Access;
using ContentFlows.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentFlows.Api.OperatorConsole;

/// <summary>
/// The operators' console at /console (anonymous, like the reviewers' page: it holds no data; the key it is given fetches
/// everything) and its session endpoint.
/// </summary>
internal static class ConsoleApi
{
    public const string PagePath = "/console";

    /// <summary>The resource prefix of the page's embedded files (the csproj's LogicalName).</summary>
    public const string ResourcePrefix = "ContentFlows.Api.OperatorConsole.wwwroot/";

    /// <summary>The setting (under ContentFlows) holding the Temporal UI's base address, e.g. http://127.0.0.1:8233.</summary>
    public const string HistoryUiUrlSetting = "HistoryUiUrl";

    public static IEndpointRouteBuilder MapConsolePage(this IEndpointRouteBuilder routes)
    {
        // The page's files are public; /console and /console/ answer the page itself (its views are #/runs, #/pipelines, …).
        routes.MapGet(PagePath + "/{**path}", (HttpContext context, [FromKeyedServices(PagePath)] StaticPageAssets assets, string? path) =>
                assets.Serve(context, string.IsNullOrEmpty(path) ? "index.html" : path))
            .ExcludeFromDescription();

        routes.MapGroup("api/console").WithTags("Console").RequireAuthorization(ApiPolicies.Reader)
            .MapGet("/session", GetSessionAsync).WithName("GetConsoleSession")
            .WithSummary("Who the presented key is (name, role, project) and where the Temporal UI shows run histories.");
        return routes;
    }

    public static async Task<Ok<ConsoleSession>> GetSessionAsync(ClaimsPrincipal user, ProjectStore projects, ApiOptions options, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var project = await projects.GetAsync(caller.ProjectId, cancellationToken);
        var historyUi = configuration[$"{ApiOptions.SectionName}:{HistoryUiUrlSetting}"] is { Length: > 0 } url ? url.TrimEnd('/') : null;
        return TypedResults.Ok(new ConsoleSession(project.Id, project.Name, caller.Name, JsonEnumNames.Of(caller.Role), historyUi, options.Namespace));
    }
}
