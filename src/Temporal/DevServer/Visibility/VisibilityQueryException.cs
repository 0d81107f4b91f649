namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>A visibility query that cannot be parsed or type-checked; the server answers INVALID_ARGUMENT with its message.</summary>
internal sealed class VisibilityQueryException : Exception
{
    public VisibilityQueryException()
    {
    }

    public VisibilityQueryException(string message)
        : base(message)
    {
    }

    public VisibilityQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Builds the exception with Temporal's "invalid query: " prefix and the 1-based position of the offending text.</summary>
    internal static VisibilityQueryException At(int position, string detail) =>
        new($"invalid query: {detail} at position {position + 1}");
}
