using System.Text;
using ContentFlows.Temporal.Api.Grpc;
using Google.Protobuf;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// The opaque token handed to workers with each task. It names the task precisely (run, scheduled
/// event, attempt) so that a stale or forged token is recognised and refused with NOT_FOUND.
/// </summary>
internal sealed record TaskToken(
    TaskTokenKind Kind,
    string NamespaceId,
    string WorkflowId,
    string RunId,
    long ScheduledEventId,
    int Attempt,
    string QueryId = "")
{
    private const byte FormatVersion = 1;

    public RunKey Run => new(NamespaceId, RunId);

    public ByteString ToByteString()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write((byte)Kind);
            writer.Write(NamespaceId);
            writer.Write(WorkflowId);
            writer.Write(RunId);
            writer.Write(ScheduledEventId);
            writer.Write(Attempt);
            writer.Write(QueryId);
        }

        return ByteString.CopyFrom(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Parses a token; a token that is not one of ours is INVALID_ARGUMENT, as on a real server.</summary>
    public static TaskToken Parse(ByteString token, TaskTokenKind expected)
    {
        if (token.IsEmpty)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "Task token not set on request.");
        }

        try
        {
            using var stream = new MemoryStream(token.ToByteArray(), writable: false);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (reader.ReadByte() != FormatVersion)
            {
                throw new FormatException("unknown version");
            }

            var kind = (TaskTokenKind)reader.ReadByte();
            var parsed = new TaskToken(kind, reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadInt64(), reader.ReadInt32(), reader.ReadString());
            if (stream.Position != stream.Length || kind != expected)
            {
                throw new FormatException("trailing bytes or wrong kind");
            }

            return parsed;
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or IOException or ArgumentException)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "Error deserializing task token.");
        }
    }
}
