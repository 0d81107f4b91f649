using System.Text.Json;
using ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Converters;
using Xunit.Abstractions;

namespace ContentFlows.Temporal.InteropTests.DotNetSdk;

/// <summary>
/// Tests where the official .NET SDK (client or worker) meets the TS harness through the fixture's dev server. A .NET
/// worker always polls a task queue of its own, distinct from the TS worker's <see cref="TypeScriptSdkFixture.TaskQueue"/>.
/// </summary>
public abstract class DotNetSdkInteropTestBase(TypeScriptSdkFixture fixture, ITestOutputHelper output)
    : InteropTestBase(fixture, output)
{
    /// <summary>The JSON both sides write: camelCase names, as TS code reads and writes them (System.Text.Json web defaults).</summary>
    protected static readonly JsonSerializerOptions WireJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The .NET SDK's default converter writes PascalCase property names; TS code expects camelCase, so both the
    /// client and (through it) the workers of these tests use the web defaults, as a .NET app talking to TS would.
    /// </summary>
    protected static readonly DataConverter CamelCaseConverter =
        DataConverter.Default with { PayloadConverter = new DefaultPayloadConverter(WireJson) };

    protected TypeScriptSdkFixture Fixture { get; } = fixture;

    protected static string NewTaskQueue() => $"dotnet-{Guid.NewGuid():N}";

    protected static string NewWorkflowId(string label) => $"{label}-{Guid.NewGuid():N}";

    /// <summary>Start options with a fresh id; the execution timeout turns a stuck run into a failed test instead of a hung one.</summary>
    protected static WorkflowOptions NewWorkflowOptions(string workflowId, string taskQueue) =>
        new(workflowId, taskQueue) { ExecutionTimeout = TimeSpan.FromSeconds(45) };

    protected static DraftRequest SampleDraft(string draftId) => new(
        draftId,
        "Durable pipelines",
        new DraftAuthor("Ada Lovelace", "ada@example.com"),
        [new DraftSection("Why", 120), new DraftSection("How", 480)],
        ["temporal", "interop"]);

    protected Task<TemporalClient> ConnectAsync() =>
        TemporalClient.ConnectAsync(new TemporalClientConnectOptions(Fixture.Server.Address) { DataConverter = CamelCaseConverter });

    /// <summary>The JSON of the first payload of the only event of <paramref name="eventType"/>, as stored by the server.</summary>
    protected static JsonElement PayloadJson(WorkflowHistory history, EventType eventType, Func<HistoryEvent, Temporalio.Api.Common.V1.Payloads> payloads)
    {
        HistoryEvent match = Assert.Single(history.Events, e => e.EventType == eventType);
        Temporalio.Api.Common.V1.Payload payload = payloads(match).Payloads_[0];
        Assert.Equal("json/plain", payload.Metadata["encoding"].ToStringUtf8());
        using var document = JsonDocument.Parse(payload.Data.ToStringUtf8());
        return document.RootElement.Clone();
    }

    /// <summary>The property names of a JSON object, in order.</summary>
    protected static IReadOnlyList<string> PropertyNames(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
