using System.Text;

namespace ContentFlows.Activities.Datasets;

/// <summary>
/// Reads lines like <see cref="TextReader.ReadLineAsync()"/> but never holds more than a maximum length of one:
/// a longer line is skipped to its end and reported by its length, so one 500 MB line costs a buffer, not 1 GB.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxLength)
{
    private readonly char[] buffer = new char[8192];
    private readonly StringBuilder line = new();
    private int position;
    private int filled;

    /// <summary>The next line (without its line break) or null text when longer than the maximum; null at the end.</summary>
    public async ValueTask<(string? Text, long Length)?> ReadLineAsync(CancellationToken cancellationToken)
    {
        line.Clear();
        var length = 0L;
        var read = false;
        while (true)
        {
            if (position == filled)
            {
                filled = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                position = 0;
                if (filled == 0)
                {
                    return read ? Line(length) : null;
                }
            }

            read = true;
            var rest = buffer.AsSpan(position, filled - position);
            var end = rest.IndexOf('\n');
            var part = end < 0 ? rest : rest[..end];
            length += part.Length;
            if (length <= maxLength + 1)
            {
                line.Append(part);
            }

            position += part.Length;
            if (end >= 0)
            {
                position++;
                return Line(length);
            }
        }
    }

    // A CRLF line ends in '\r', which is not part of it (one more character is held for it).
    private (string? Text, long Length) Line(long length)
    {
        if (line.Length > 0 && line[^1] == '\r')
        {
            line.Length--;
            length--;
        }

        return length <= maxLength ? (line.ToString(), length) : (null, length);
    }
}
