using System.Text;

namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>Splits a visibility query into tokens; keywords stay words so back-quoted names can shadow them.</summary>
internal static class QueryLexer
{
    public static List<QueryToken> Tokenize(string query)
    {
        var tokens = new List<QueryToken>();
        var i = 0;
        while (true)
        {
            while (i < query.Length && char.IsWhiteSpace(query[i]))
            {
                i++;
            }

            if (i >= query.Length)
            {
                tokens.Add(new QueryToken(QueryTokenKind.End, string.Empty, query.Length));
                return tokens;
            }

            var start = i;
            var c = query[i];
            switch (c)
            {
                case '(':
                    tokens.Add(new QueryToken(QueryTokenKind.OpenParen, "(", i++));
                    break;
                case ')':
                    tokens.Add(new QueryToken(QueryTokenKind.CloseParen, ")", i++));
                    break;
                case ',':
                    tokens.Add(new QueryToken(QueryTokenKind.Comma, ",", i++));
                    break;
                case '\'' or '"':
                    tokens.Add(new QueryToken(QueryTokenKind.String, ReadQuoted(query, ref i, c, "string"), start));
                    break;
                case '`':
                    tokens.Add(new QueryToken(QueryTokenKind.QuotedName, ReadQuoted(query, ref i, c, "back-quoted name"), start));
                    break;
                case '=' or '<' or '>' or '!':
                    tokens.Add(new QueryToken(QueryTokenKind.Operator, ReadOperator(query, ref i), start));
                    break;
                default:
                    if (IsNumberStart(query, i))
                    {
                        tokens.Add(new QueryToken(QueryTokenKind.Number, ReadNumber(query, ref i), start));
                    }
                    else if (char.IsLetter(c) || c == '_')
                    {
                        while (i < query.Length && (char.IsLetterOrDigit(query[i]) || query[i] == '_'))
                        {
                            i++;
                        }

                        tokens.Add(new QueryToken(QueryTokenKind.Word, query[start..i], start));
                    }
                    else
                    {
                        throw VisibilityQueryException.At(i, $"unexpected character '{c}'");
                    }

                    break;
            }
        }
    }

    private static string ReadOperator(string query, ref int i)
    {
        var start = i;
        var c = query[i++];
        var next = i < query.Length ? query[i] : '\0';
        if ((c is '<' or '>' or '!' && next == '=') || (c == '<' && next == '>'))
        {
            i++;
        }
        else if (c == '!')
        {
            throw VisibilityQueryException.At(start, "unexpected character '!' (did you mean \"!=\"?)");
        }

        return query[start..i];
    }

    private static bool IsNumberStart(string query, int i)
    {
        var c = query[i];
        if (char.IsAsciiDigit(c))
        {
            return true;
        }

        // A sign or a leading dot starts a number only when a digit follows ("-5", ".5", "-.5").
        var j = c is '-' or '+' ? i + 1 : i;
        if (j < query.Length && query[j] == '.')
        {
            j++;
        }

        return j != i && j < query.Length && char.IsAsciiDigit(query[j]);
    }

    private static string ReadNumber(string query, ref int i)
    {
        var start = i;
        if (query[i] is '-' or '+')
        {
            i++;
        }

        SkipDigits(query, ref i);
        if (i < query.Length && query[i] == '.')
        {
            i++;
            SkipDigits(query, ref i);
        }

        if (i < query.Length && query[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < query.Length && query[j] is '-' or '+')
            {
                j++;
            }

            if (j < query.Length && char.IsAsciiDigit(query[j]))
            {
                i = j;
                SkipDigits(query, ref i);
            }
        }

        // "5abc" is a typo, not the number 5 followed by a name.
        if (i < query.Length && (char.IsLetter(query[i]) || query[i] == '_'))
        {
            throw VisibilityQueryException.At(start, $"malformed number \"{query[start..(i + 1)]}\"");
        }

        return query[start..i];
    }

    private static void SkipDigits(string query, ref int i)
    {
        while (i < query.Length && char.IsAsciiDigit(query[i]))
        {
            i++;
        }
    }

    /// <summary>Reads a quoted run; the quote is escaped by doubling it or, in strings, with a backslash (as MySQL-style SQL does).</summary>
    private static string ReadQuoted(string query, ref int i, char quote, string what)
    {
        var start = i++;
        var text = new StringBuilder();
        while (i < query.Length)
        {
            var c = query[i++];
            if (c == quote)
            {
                if (i < query.Length && query[i] == quote)
                {
                    text.Append(quote);
                    i++;
                    continue;
                }

                return text.ToString();
            }

            if (c == '\\' && quote != '`' && i < query.Length)
            {
                var escaped = query[i++];
                text.Append(escaped switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    _ => escaped,
                });
                continue;
            }

            text.Append(c);
        }

        throw VisibilityQueryException.At(start, $"unterminated {what}");
    }
}
