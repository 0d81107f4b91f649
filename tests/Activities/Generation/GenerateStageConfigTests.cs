using ContentFlows.Activities.Generation;

namespace ContentFlows.Activities.Tests.Generation;

public sealed class GenerateStageConfigTests
{
    [Fact]
    public void Validate_UnknownKindAndCountsOutOfRange_ListsEachProblem()
    {
        var config = new GenerateStageConfig { Variants = new Dictionary<string, int> { ["headline"] = 0, ["tweet"] = 2, ["ad-copy"] = 11 } };

        Assert.Equal(
            [
                "variants.headline must be within 1..10 (was 0).",
                "variants has the unknown kind \"tweet\"; known: headline, social-post, ad-copy, email-subject.",
                "variants.ad-copy must be within 1..10 (was 11).",
            ],
            config.Validate());
    }

    [Fact]
    public void VariantRequests_ValidConfig_ListsKindsInTheirFixedOrder()
    {
        var config = new GenerateStageConfig { Variants = new Dictionary<string, int> { ["email-subject"] = 1, ["headline"] = 3 } };

        Assert.Empty(config.Validate());
        Assert.Equal([new VariantRequest("headline", 3), new VariantRequest("email-subject", 1)], config.VariantRequests());
    }
}
