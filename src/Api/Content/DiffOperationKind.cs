namespace ContentFlows.Api.Content;

/// <summary>What a piece of text did between two versions.</summary>
internal enum DiffOperationKind
{
    /// <summary>In both versions.</summary>
    Equal,

    /// <summary>Only in the later version.</summary>
    Insert,

    /// <summary>Only in the earlier version.</summary>
    Delete,
}
