using System.Text.Json;
using Google.Protobuf;
using Temporalio.Api.Common.V1;

namespace ContentFlows.Temporal.DevServer.Ui.Api;

/// <summary>Arguments typed in the UI, encoded as the default data converter does (json/plain).</summary>
internal static class UiPayloads
{
    public const string Identity = "history-ui@contentflows-dev-server";

    public static Payloads? FromJson(JsonElement? value)
    {
        if (value is not { } element || element.ValueKind == JsonValueKind.Undefined)
        {
            return null;
        }

        return new Payloads
        {
            Payloads_ =
            {
                new Payload
                {
                    Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") },
                    Data = ByteString.CopyFromUtf8(element.GetRawText()),
                },
            },
        };
    }

    /// <summary>"latest" or "-" as the run id means the workflow's current run, as an empty run id does in Temporal.</summary>
    public static string RunId(string runId) => runId is "latest" or "-" ? string.Empty : runId;
}
