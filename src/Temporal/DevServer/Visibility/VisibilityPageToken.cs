using System.Buffers.Binary;
using System.Text;

namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>
/// The opaque next_page_token of ListWorkflowExecutions: the moment the first page was read (every page
/// lists the runs as they stood then, see <see cref="AsOfVisibilityRow"/>), the last run returned (the next
/// page starts after it), and how many rows were returned (used only if that run is gone).
/// </summary>
internal readonly record struct VisibilityPageToken(int Offset, long AsOfUtcTicks, string LastRunId)
{
    private const byte Version = 2;
    private const int HeaderLength = 1 + sizeof(int) + sizeof(long);

    /// <summary>Gets a value indicating whether this is the first page (no token).</summary>
    public bool IsFirstPage => this.AsOfUtcTicks == 0;

    public byte[] ToBytes()
    {
        var runId = Encoding.UTF8.GetBytes(this.LastRunId ?? string.Empty);
        var bytes = new byte[HeaderLength + runId.Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1), this.Offset);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(1 + sizeof(int)), this.AsOfUtcTicks);
        runId.CopyTo(bytes.AsSpan(HeaderLength));
        return bytes;
    }

    /// <summary>Reads a token; an empty token is the first page.</summary>
    /// <exception cref="VisibilityQueryException">The token was not made by <see cref="ToBytes"/>.</exception>
    public static VisibilityPageToken Parse(ReadOnlySpan<byte> token)
    {
        if (token.IsEmpty)
        {
            return new VisibilityPageToken(0, 0, string.Empty);
        }

        var offset = token.Length >= HeaderLength && token[0] == Version ? BinaryPrimitives.ReadInt32LittleEndian(token[1..]) : -1;
        var asOf = offset < 0 ? 0 : BinaryPrimitives.ReadInt64LittleEndian(token[(1 + sizeof(int))..]);
        if (offset < 0 || asOf <= 0 || asOf > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw new VisibilityQueryException("invalid page token");
        }

        string runId;
        try
        {
            runId = new UTF8Encoding(false, true).GetString(token[HeaderLength..]);
        }
        catch (DecoderFallbackException)
        {
            throw new VisibilityQueryException("invalid page token");
        }

        return new VisibilityPageToken(offset, asOf, runId);
    }
}
