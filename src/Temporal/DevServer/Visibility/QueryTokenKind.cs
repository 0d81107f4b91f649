namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>Lexical classes of the visibility query language.</summary>
internal enum QueryTokenKind
{
    /// <summary>A bare word: an attribute name or a keyword (AND, IN, …), told apart by the parser.</summary>
    Word,

    /// <summary>A back-quoted name: always an attribute, even if it spells a keyword.</summary>
    QuotedName,

    /// <summary>A single- or double-quoted string, unescaped.</summary>
    String,

    Number,

    /// <summary>A comparison operator: =, !=, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;=.</summary>
    Operator,

    OpenParen,

    CloseParen,

    Comma,

    End,
}
