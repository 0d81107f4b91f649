using ContentFlows.Temporal.DevServer.Visibility;

namespace ContentFlows.Temporal.DevServer.Tests.Visibility;

public sealed class QueryLexerTests
{
    [Fact]
    public void Tokenize_MixedQuery_YieldsKindsTextsAndPositions()
    {
        var tokens = QueryLexer.Tokenize("`Order`>=-1.5e3 AND x IN ('a''b', \"c\\\"d\")");

        Assert.Equal(
            [
                (QueryTokenKind.QuotedName, "Order", 0),
                (QueryTokenKind.Operator, ">=", 7),
                (QueryTokenKind.Number, "-1.5e3", 9),
                (QueryTokenKind.Word, "AND", 16),
                (QueryTokenKind.Word, "x", 20),
                (QueryTokenKind.Word, "IN", 22),
                (QueryTokenKind.OpenParen, "(", 25),
                (QueryTokenKind.String, "a'b", 26),
                (QueryTokenKind.Comma, ",", 32),
                (QueryTokenKind.String, "c\"d", 34),
                (QueryTokenKind.CloseParen, ")", 40),
                (QueryTokenKind.End, string.Empty, 41),
            ],
            tokens.Select(t => (t.Kind, t.Text, t.Position)));
    }

    [Theory]
    [InlineData("=", "=")]
    [InlineData("!=", "!=")]
    [InlineData("<>", "<>")]
    [InlineData("<", "<")]
    [InlineData("<=", "<=")]
    [InlineData(">", ">")]
    [InlineData(">=", ">=")]
    public void Tokenize_Operators_AreRecognised(string text, string expected)
    {
        var token = QueryLexer.Tokenize(text)[0];

        Assert.Equal(QueryTokenKind.Operator, token.Kind);
        Assert.Equal(expected, token.Text);
    }

    [Theory]
    [InlineData("'a\\nb'", "a\nb")]
    [InlineData("'a\\\\b'", "a\\b")]
    [InlineData("'a\\%b'", "a%b")]
    [InlineData("''", "")]
    [InlineData("\"'\"", "'")]
    public void Tokenize_StringEscapes_AreUnescaped(string text, string expected) =>
        Assert.Equal(expected, QueryLexer.Tokenize(text)[0].Text);

    [Fact]
    public void Tokenize_BackQuotedNameWithDoubledBackQuote_Unescapes() =>
        Assert.Equal("a`b", QueryLexer.Tokenize("`a``b`")[0].Text);
}
