namespace ContentFlows.Activities.Content;

/// <summary>How a content version came to be; stored lower-case.</summary>
public enum ContentVersionKind
{
    /// <summary>The first draft from the generate stage.</summary>
    Generated,

    /// <summary>A draft the rewrite stage produced from gate findings.</summary>
    Rewritten,

    /// <summary>A reviewer's edited text.</summary>
    Edited,

    /// <summary>A localization of a master-language version.</summary>
    Translated,

    /// <summary>The snapshot that was published.</summary>
    Published,
}
