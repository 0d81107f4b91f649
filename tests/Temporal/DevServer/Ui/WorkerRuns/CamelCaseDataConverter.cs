using System.Text.Json;
using Temporalio.Converters;

namespace ContentFlows.Temporal.DevServer.Tests.Ui.WorkerRuns;

/// <summary>
/// The official SDK's data converter with camelCase JSON: the shape TypeScript workers write and the UI's
/// signal dialog sends (<c>{"approved": true}</c>), where the SDK's default would expect <c>Approved</c>.
/// </summary>
public static class CamelCaseDataConverter
{
    public static DataConverter Instance { get; } = DataConverter.Default with
    {
        PayloadConverter = new DefaultPayloadConverter(new JsonSerializerOptions(JsonSerializerDefaults.Web)),
    };
}
