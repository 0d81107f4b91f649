using System.Text.Json.Serialization;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Api.Access;

/// <summary>What a project's API key may do.</summary>
[JsonConverter(typeof(KebabCaseEnumConverter<ApiKeyRole>))]
internal enum ApiKeyRole
{
    /// <summary>Everything in the project, including keys and secrets.</summary>
    Admin,

    /// <summary>Definitions, runs, approvals and reads.</summary>
    Editor,

    /// <summary>Approvals and reads.</summary>
    Reviewer,
}
