using System.Buffers.Binary;

namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>
/// The opaque next_page_token of ListWorkflowExecutions: how many rows were already returned, and a
/// marker of the visibility snapshot they came from so a stale token can be told apart.
/// </summary>
internal readonly record struct VisibilityPageToken(int Offset, long Snapshot)
{
    private const byte Version = 1;
    private const int Length = 1 + sizeof(int) + sizeof(long);

    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1), this.Offset);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(1 + sizeof(int)), this.Snapshot);
        return bytes;
    }

    /// <summary>Reads a token; an empty token is the first page.</summary>
    /// <exception cref="VisibilityQueryException">The token was not made by <see cref="ToBytes"/>.</exception>
    public static VisibilityPageToken Parse(ReadOnlySpan<byte> token)
    {
        if (token.IsEmpty)
        {
            return default;
        }

        var offset = token.Length == Length && token[0] == Version ? BinaryPrimitives.ReadInt32LittleEndian(token[1..]) : -1;
        if (offset < 0)
        {
            throw new VisibilityQueryException("invalid page token");
        }

        return new VisibilityPageToken(offset, BinaryPrimitives.ReadInt64LittleEndian(token[(1 + sizeof(int))..]));
    }
}
