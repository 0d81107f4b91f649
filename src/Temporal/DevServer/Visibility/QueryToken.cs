namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>One token with its 0-based start offset in the query, kept for error messages.</summary>
internal readonly record struct QueryToken(QueryTokenKind Kind, string Text, int Position)
{
    public bool IsKeyword(string keyword) =>
        this.Kind == QueryTokenKind.Word && string.Equals(this.Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => this.Kind switch
    {
        QueryTokenKind.End => "end of query",
        QueryTokenKind.String => $"string \"{this.Text}\"",
        QueryTokenKind.QuotedName => $"`{this.Text}`",
        _ => $"\"{this.Text}\"",
    };
}
