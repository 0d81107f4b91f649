using System.Text.Json;
using ContentFlows.Activities.Generation;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Tests.Generation;

public sealed class DraftPromptTests
{
    private static readonly ContentBrief Brief = new("Acme Desk Lamp", "home office workers", "product-page", "en", ["desk lamp"], "It gives 450 lumens.");

    [Fact]
    public void Build_BriefWithDatasetColumns_PromptCarriesThemByName()
    {
        var brief = Brief with { Attributes = new Dictionary<string, string> { ["product_id"] = "SKU-00042", ["category"] = "Lighting, indoor" } };

        var messages = DraftPrompt.Build(new DraftTask(DraftTask.Generate, brief, "Plain.", [], [], 120));

        var user = messages.Single(m => m.Role == "user").Content;
        Assert.Contains("\"attributes\":{\"product_id\":\"SKU-00042\",\"category\":\"Lighting, indoor\"}", user, StringComparison.Ordinal);
        Assert.Equal(brief.Attributes, DraftPrompt.TryRead(messages)!.Brief.Attributes);
        Assert.Contains("attributes", messages.Single(m => m.Role == "system").Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_BriefWithoutDatasetColumns_WrittenAsBeforeWithoutAnAttributesKey()
    {
        var json = JsonSerializer.Serialize(Brief, PipelineJson.Options);

        Assert.DoesNotContain("attributes", json, StringComparison.Ordinal);
        Assert.Null(JsonSerializer.Deserialize<ContentBrief>(json, PipelineJson.Options)!.Attributes);
    }
}
