using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentFlows.Api.Infrastructure;

/// <summary>The RFC 7807 answers every handler gives, so each error reads the same whichever resource produced it.</summary>
internal static class ApiProblems
{
    /// <summary>404 for an id the caller's project does not own; resources of other projects look exactly like missing ones.</summary>
    public static ProblemHttpResult NotFound(string resource, object id) =>
        TypedResults.Problem(
            title: $"{resource} not found",
            detail: $"No {resource.ToLowerInvariant()} {id} exists in this project.",
            statusCode: StatusCodes.Status404NotFound);

    /// <summary>409 for an action the resource's current state does not allow.</summary>
    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status409Conflict);

    /// <summary>400 naming one bad field.</summary>
    public static ValidationProblem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>400 naming every bad field.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid", detail: "See errors: each names the field that is wrong.");
}
