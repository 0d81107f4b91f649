using System.Text.Json.Serialization;

namespace ContentFlows.Workflows.Pipelines;

/// <summary>The kinds of research sources.</summary>
[JsonConverter(typeof(KebabCaseEnumConverter<BriefSourceKind>))]
public enum BriefSourceKind
{
    /// <summary>Inline text supplied with the brief.</summary>
    Text,

    /// <summary>A file under the worker's source folder.</summary>
    File,

    /// <summary>A web page or document fetched over http(s).</summary>
    Url,
}
