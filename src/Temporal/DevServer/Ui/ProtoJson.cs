using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentFlows.Temporal.DevServer.Ui;

/// <summary>
/// Protobuf JSON as the Temporal CLI and UI export it (lowerCamelCase fields, enum value names,
/// int64 as strings, bytes as base64), which the SDKs' replayers read.
/// </summary>
internal static class ProtoJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    public static string Format(IMessage message) => Formatter.Format(message);

    public static ContentHttpResult Ok(IMessage message) => TypedResults.Text(Format(message), "application/json", Encoding.UTF8);

    /// <summary>Reads a page token the API handed out as base64 (empty when absent).</summary>
    public static ByteString ParseToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return ByteString.Empty;
        }

        try
        {
            return ByteString.FromBase64(token);
        }
        catch (FormatException)
        {
            throw new UiRequestException("nextPageToken is not valid base64.");
        }
    }
}
