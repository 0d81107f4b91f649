using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ContentFlows.Workflows.Batches;

namespace ContentFlows.Activities.Batches;

/// <summary>
/// The pipeline run id of a batch unit, derived from batch, item, language and attempt (a name-based UUID, version 8),
/// so preparing a unit twice, after a retry or a restart, finds the same run row instead of making a second one.
/// </summary>
internal static class BatchRunIds
{
    public static Guid For(Guid batchId, BatchUnit unit)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"contentflows-batch/{batchId:N}/{unit.ItemIndex}/{unit.Language}/{unit.Attempt}");
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
