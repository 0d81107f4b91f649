using System.Text.Json.Serialization;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.QualityGates;

/// <summary>How bad a quality issue is: any error fails the gate; warnings only lower the score.</summary>
[JsonConverter(typeof(KebabCaseEnumConverter<IssueSeverity>))]
public enum IssueSeverity
{
    /// <summary>Worth a look; small score penalty.</summary>
    Info,

    /// <summary>Should be fixed; lowers the score.</summary>
    Warning,

    /// <summary>Must be fixed; fails the gate.</summary>
    Error,
}
