namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>
/// Recursive-descent parser for the visibility query language. It type-checks while it parses and
/// compiles the WHERE clause straight into a predicate, so evaluation does no parsing or lookups.
/// Predicates follow SQL's three-valued logic, as Temporal's SQL visibility evaluates them: a condition on
/// a missing attribute is unknown (null), NOT keeps it unknown, and only rows whose filter is true match.
/// Grammar (keywords case-insensitive):
/// <code>
/// query      := [or] [GROUP BY name] [ORDER BY name [ASC|DESC] {, name [ASC|DESC]}]
/// or         := and {OR and}
/// and        := primary {AND primary}
/// primary    := '(' or ')' | NOT primary | condition
/// condition  := name (= | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=) value
///             | name [NOT] IN '(' value {, value} ')'
///             | name [NOT] BETWEEN value AND value
///             | name [NOT] STARTS_WITH string
///             | name IS [NOT] NULL
/// </code>
/// </summary>
internal sealed class QueryParser
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "AND", "OR", "NOT", "IN", "BETWEEN", "STARTS_WITH", "IS", "NULL", "LIKE", "ORDER", "GROUP", "BY", "ASC", "DESC",
    };

    /// <summary>How deep parentheses and NOT may nest: the parser recurses per level, so a limit keeps a hostile query from overflowing the stack.</summary>
    public const int MaxNesting = 200;

    private readonly List<QueryToken> tokens;
    private readonly SearchAttributeRegistry registry;
    private int index;
    private int nesting;

    private QueryParser(List<QueryToken> tokens, SearchAttributeRegistry registry)
    {
        this.tokens = tokens;
        this.registry = registry;
    }

    private QueryToken Current => this.tokens[this.index];

    public static VisibilityQuery Parse(string query, SearchAttributeRegistry registry) =>
        new QueryParser(QueryLexer.Tokenize(query), registry).ParseQuery(query);

    private static VisibilityQueryException Expected(string what, QueryToken found) =>
        VisibilityQueryException.At(found.Position, $"expected {what} but found {found.Describe()}");

    private static Func<IVisibilityRow, bool?> Compare(QueryAttribute attribute, string op, object value)
    {
        var read = attribute.Read;
        Func<IReadOnlyList<object>, bool> equals;
        if (attribute.Kind == QueryValueKind.Text)
        {
            var words = TextMatcher.Words((string)value);
            equals = values => values.Any(v => TextMatcher.Contains((string)v, words));
        }
        else
        {
            equals = values => values.Any(v => ScalarComparer.AreEqual(v, value));
        }

        Func<IReadOnlyList<object>, bool> test = op switch
        {
            "=" => equals,
            "!=" => values => !equals(values),
            "<" => values => values.Any(v => ScalarComparer.Compare(v, value) < 0),
            "<=" => values => values.Any(v => ScalarComparer.Compare(v, value) <= 0),
            ">" => values => values.Any(v => ScalarComparer.Compare(v, value) > 0),
            ">=" => values => values.Any(v => ScalarComparer.Compare(v, value) >= 0),
            _ => throw new InvalidOperationException($"unknown operator {op}"),
        };
        return OnValues(read, test);
    }

    /// <summary>A condition on an attribute's values: unknown (SQL NULL) when the row has none.</summary>
    private static Func<IVisibilityRow, bool?> OnValues(Func<IVisibilityRow, IReadOnlyList<object>> read, Func<IReadOnlyList<object>, bool> test) =>
        row => read(row) is { Count: > 0 } values ? test(values) : null;

    /// <summary>
    /// Kleene OR / AND over a flat list of terms, evaluated in a loop: a long chain of ORs must not nest
    /// closures as deep as it is long.
    /// </summary>
    private static Func<IVisibilityRow, bool?> Combine(List<Func<IVisibilityRow, bool?>> terms, bool isOr)
    {
        if (terms.Count == 1)
        {
            return terms[0];
        }

        var all = terms.ToArray();
        return row =>
        {
            var unknown = false;
            foreach (var term in all)
            {
                var value = term(row);
                if (value is null)
                {
                    unknown = true;
                }
                else if (value.Value == isOr)
                {
                    return isOr;
                }
            }

            return unknown ? null : !isOr;
        };
    }

    private static void CheckOperator(QueryAttribute attribute, string op, QueryToken at)
    {
        var allowed = attribute.Kind switch
        {
            QueryValueKind.Keyword => true,
            QueryValueKind.Status or QueryValueKind.KeywordList => op is "=" or "!=" or "IN" or "NOT IN",
            QueryValueKind.Text or QueryValueKind.Bool => op is "=" or "!=",
            _ => op is not ("STARTS_WITH" or "NOT STARTS_WITH"),
        };
        if (!allowed)
        {
            throw VisibilityQueryException.At(
                at.Position,
                $"operator \"{op}\" is not supported for attribute \"{attribute.Name}\" of type {attribute.Type}");
        }
    }

    private QueryToken Advance()
    {
        var token = this.Current;
        if (token.Kind != QueryTokenKind.End)
        {
            this.index++;
        }

        return token;
    }

    private VisibilityQuery ParseQuery(string text)
    {
        Func<IVisibilityRow, bool?>? filter = null;
        if (this.Current.Kind != QueryTokenKind.End && !this.Current.IsKeyword("ORDER") && !this.Current.IsKeyword("GROUP"))
        {
            filter = this.ParseOr();
        }

        string? groupBy = null;
        if (this.Current.IsKeyword("GROUP"))
        {
            groupBy = this.ParseGroupBy();
        }

        List<OrderTerm> order = [];
        if (this.Current.IsKeyword("ORDER"))
        {
            order = this.ParseOrderBy();
        }

        if (this.Current.Kind != QueryTokenKind.End)
        {
            throw Expected("AND, OR, GROUP BY, ORDER BY or the end of the query", this.Current);
        }

        return new VisibilityQuery(text, filter, order.Count == 0 ? VisibilityRowComparer.Default : new VisibilityRowComparer(order), groupBy);
    }

    private Func<IVisibilityRow, bool?> ParseOr()
    {
        var terms = new List<Func<IVisibilityRow, bool?>> { this.ParseAnd() };
        while (this.Current.IsKeyword("OR"))
        {
            this.Advance();
            terms.Add(this.ParseAnd());
        }

        return Combine(terms, isOr: true);
    }

    private Func<IVisibilityRow, bool?> ParseAnd()
    {
        var terms = new List<Func<IVisibilityRow, bool?>> { this.ParsePrimary() };
        while (this.Current.IsKeyword("AND"))
        {
            this.Advance();
            terms.Add(this.ParsePrimary());
        }

        return Combine(terms, isOr: false);
    }

    private Func<IVisibilityRow, bool?> ParsePrimary()
    {
        if (this.Current.Kind == QueryTokenKind.OpenParen || this.Current.IsKeyword("NOT"))
        {
            if (++this.nesting > MaxNesting)
            {
                throw VisibilityQueryException.At(this.Current.Position, $"parentheses and NOT nest deeper than {MaxNesting} levels");
            }

            try
            {
                if (this.Advance().IsKeyword("NOT"))
                {
                    var negated = this.ParsePrimary();

                    // SQL NOT: unknown stays unknown.
                    return row => !negated(row);
                }

                var open = this.tokens[this.index - 1];
                var inner = this.ParseOr();
                if (this.Current.Kind != QueryTokenKind.CloseParen)
                {
                    throw Expected($"\")\" to close the \"(\" at position {open.Position + 1}", this.Current);
                }

                this.Advance();
                return inner;
            }
            finally
            {
                this.nesting--;
            }
        }

        return this.ParseCondition();
    }

    private QueryAttribute ParseAttribute()
    {
        var token = this.Current;
        if (token.Kind == QueryTokenKind.QuotedName || (token.Kind == QueryTokenKind.Word && !Keywords.Contains(token.Text)))
        {
            this.Advance();
            return QueryAttribute.Resolve(token.Text, token.Position, this.registry);
        }

        throw Expected("a search attribute name", token);
    }

    private Func<IVisibilityRow, bool?> ParseCondition()
    {
        var attribute = this.ParseAttribute();
        var opToken = this.Current;
        if (opToken.Kind == QueryTokenKind.Operator)
        {
            this.Advance();
            var op = opToken.Text == "<>" ? "!=" : opToken.Text;
            CheckOperator(attribute, op, opToken);
            return Compare(attribute, op, this.ParseValue(attribute));
        }

        var negated = false;
        if (opToken.IsKeyword("NOT"))
        {
            this.Advance();
            negated = true;
            if (!this.Current.IsKeyword("IN") && !this.Current.IsKeyword("BETWEEN") && !this.Current.IsKeyword("STARTS_WITH") && !this.Current.IsKeyword("LIKE"))
            {
                throw Expected("IN, BETWEEN or STARTS_WITH after NOT", this.Current);
            }
        }

        var keyword = this.Current;
        var prefix = negated ? "NOT " : string.Empty;
        if (keyword.IsKeyword("IN"))
        {
            this.Advance();
            CheckOperator(attribute, prefix + "IN", opToken);
            return this.ParseIn(attribute, negated);
        }

        if (keyword.IsKeyword("BETWEEN"))
        {
            this.Advance();
            CheckOperator(attribute, prefix + "BETWEEN", opToken);
            return this.ParseBetween(attribute, negated);
        }

        if (keyword.IsKeyword("STARTS_WITH"))
        {
            this.Advance();
            CheckOperator(attribute, prefix + "STARTS_WITH", opToken);
            var prefixValue = (string)this.ParseValue(attribute);
            var read = attribute.Read;
            Func<IReadOnlyList<object>, bool> any = values => values.Any(v => ((string)v).StartsWith(prefixValue, StringComparison.Ordinal));
            return OnValues(read, negated ? values => !any(values) : any);
        }

        if (keyword.IsKeyword("LIKE"))
        {
            throw VisibilityQueryException.At(keyword.Position, $"operator \"{prefix}LIKE\" is not supported; use {prefix}STARTS_WITH");
        }

        if (keyword.IsKeyword("IS"))
        {
            this.Advance();
            var not = this.Current.IsKeyword("NOT");
            if (not)
            {
                this.Advance();
            }

            if (!this.Current.IsKeyword("NULL"))
            {
                throw Expected(not ? "NULL after IS NOT" : "NULL or NOT NULL after IS", this.Current);
            }

            this.Advance();
            var read = attribute.Read;
            return not ? row => read(row).Count > 0 : row => read(row).Count == 0;
        }

        throw Expected($"an operator after \"{attribute.Name}\"", keyword);
    }

    private Func<IVisibilityRow, bool?> ParseIn(QueryAttribute attribute, bool negated)
    {
        if (this.Current.Kind != QueryTokenKind.OpenParen)
        {
            throw Expected("\"(\" after IN", this.Current);
        }

        this.Advance();
        var set = new HashSet<object>();
        while (true)
        {
            set.Add(this.ParseValue(attribute));
            if (this.Current.Kind == QueryTokenKind.CloseParen)
            {
                this.Advance();
                break;
            }

            if (this.Current.Kind != QueryTokenKind.Comma)
            {
                throw Expected("\",\" or \")\" in the IN list", this.Current);
            }

            this.Advance();
        }

        return OnValues(attribute.Read, negated ? values => !values.Any(set.Contains) : values => values.Any(set.Contains));
    }

    private Func<IVisibilityRow, bool?> ParseBetween(QueryAttribute attribute, bool negated)
    {
        var low = this.ParseValue(attribute);
        if (!this.Current.IsKeyword("AND"))
        {
            throw Expected("AND between the BETWEEN bounds", this.Current);
        }

        this.Advance();
        var high = this.ParseValue(attribute);
        bool Inside(object v) => ScalarComparer.Compare(v, low) >= 0 && ScalarComparer.Compare(v, high) <= 0;
        return OnValues(attribute.Read, negated ? values => !values.Any(Inside) : values => values.Any(Inside));
    }

    private object ParseValue(QueryAttribute attribute)
    {
        var token = this.Current;
        var isValue = token.Kind is QueryTokenKind.String or QueryTokenKind.Number
            || (token.Kind == QueryTokenKind.Word && !Keywords.Contains(token.Text));
        if (!isValue)
        {
            throw Expected($"a value for \"{attribute.Name}\"", token);
        }

        this.Advance();
        return QueryLiteral.Convert(token, attribute);
    }

    private string ParseGroupBy()
    {
        this.Advance();
        this.ExpectBy("GROUP");
        var at = this.Current;
        var attribute = this.ParseAttribute();
        if (attribute.Name != "ExecutionStatus")
        {
            throw VisibilityQueryException.At(at.Position, $"GROUP BY is only supported on \"ExecutionStatus\", not \"{attribute.Name}\"");
        }

        if (this.Current.Kind == QueryTokenKind.Comma)
        {
            throw VisibilityQueryException.At(this.Current.Position, "GROUP BY accepts a single attribute, \"ExecutionStatus\"");
        }

        return attribute.Name;
    }

    private List<OrderTerm> ParseOrderBy()
    {
        this.Advance();
        this.ExpectBy("ORDER");
        var terms = new List<OrderTerm>();
        while (true)
        {
            var at = this.Current;
            var attribute = this.ParseAttribute();
            if (attribute.Kind is QueryValueKind.Text or QueryValueKind.KeywordList)
            {
                throw VisibilityQueryException.At(at.Position, $"cannot ORDER BY attribute \"{attribute.Name}\" of type {attribute.Type}");
            }

            var descending = false;
            if (this.Current.IsKeyword("DESC") || this.Current.IsKeyword("ASC"))
            {
                descending = this.Advance().IsKeyword("DESC");
            }

            terms.Add(new OrderTerm(attribute, descending));
            if (this.Current.Kind != QueryTokenKind.Comma)
            {
                return terms;
            }

            this.Advance();
        }
    }

    private void ExpectBy(string clause)
    {
        if (!this.Current.IsKeyword("BY"))
        {
            throw Expected($"BY after {clause}", this.Current);
        }

        this.Advance();
    }
}
