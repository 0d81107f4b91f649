using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Temporalio.Api.Common.V1;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.Worker.Workflows;

/// <summary>
/// The marker sdk-core records for <c>patched</c>/<c>deprecatePatch</c>: name <c>core_patch</c>, details
/// <c>{"patch-data": json {"id": ..., "deprecated": ...}}</c>. Older core wrote <c>patch_id</c>/<c>deprecated</c> as raw bytes; both are read.
/// </summary>
internal static class PatchMarker
{
    public const string Name = "core_patch";

    private const string DetailsKey = "patch-data";

    public static MapField<string, Payloads> Details(string patchId, bool deprecated)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["id"] = patchId, ["deprecated"] = deprecated });
        var payload = new Payload { Data = ByteString.CopyFrom(json) };
        payload.Metadata["encoding"] = ByteString.CopyFromUtf8("json/plain");
        var details = new MapField<string, Payloads> { [DetailsKey] = new Payloads { Payloads_ = { payload } } };
        return details;
    }

    public static (string PatchId, bool Deprecated)? Read(MarkerRecordedEventAttributes attributes) =>
        attributes.MarkerName == Name ? Read(attributes.Details) : null;

    public static (string PatchId, bool Deprecated)? Read(MapField<string, Payloads> details)
    {
        try
        {
            if ((details.TryGetValue(DetailsKey, out var data) || details.TryGetValue("patch_data", out data)) && data.Payloads_.Count > 0)
            {
                using var json = JsonDocument.Parse(data.Payloads_[0].Data.Memory);
                var id = json.RootElement.GetProperty("id").GetString() ?? string.Empty;
                var deprecated = json.RootElement.TryGetProperty("deprecated", out var d) && d.ValueKind == JsonValueKind.True;
                return (id, deprecated);
            }

            if (details.TryGetValue("patch_id", out var legacy) && legacy.Payloads_.Count > 0)
            {
                var deprecated = details.TryGetValue("deprecated", out var flag) && flag.Payloads_.Count > 0
                    && flag.Payloads_[0].Data.Length > 0 && flag.Payloads_[0].Data[0] != 0;
                return (Encoding.UTF8.GetString(legacy.Payloads_[0].Data.Span), deprecated);
            }
        }
        catch (JsonException)
        {
            // An unreadable marker is not a patch marker we can match; treated as unknown.
        }
        catch (KeyNotFoundException)
        {
        }

        return null;
    }
}
