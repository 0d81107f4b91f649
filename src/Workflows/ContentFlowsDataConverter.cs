using System.Text.Json;
using Temporalio.Converters;

namespace ContentFlows.Workflows;

/// <summary>
/// How ContentFlows payloads are written: the official SDK's converter with web JSON (camelCase names, as the API,
/// TypeScript workers and the history UI's dialogs use), optionally through a payload codec (encryption). Every client,
/// worker and replayer of these workflows must use the same one.
/// </summary>
public static class ContentFlowsDataConverter
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Gets the converter without a codec.</summary>
    public static DataConverter Plain { get; } = DataConverter.Default with { PayloadConverter = new DefaultPayloadConverter(JsonOptions) };

    /// <summary>Returns the converter with <paramref name="codec"/> applied to every payload (null: <see cref="Plain"/>).</summary>
    public static DataConverter With(IPayloadCodec? codec) => codec is null ? Plain : Plain with { PayloadCodec = codec };
}
