using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Prompts;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Tests.Prompts;

public sealed class StagePromptsTests
{
    private static readonly ContentBrief Brief = new("Acme Mesh Router", "busy families", "product-page", "en", [], "It covers 120 square metres.");

    [Fact]
    public void Resolve_RunProjectAndDefault_RunWinsThenProjectThenDefaultPerPart()
    {
        var llm = new LlmSettings { Prompts = new Dictionary<string, PromptOverride> { ["generate"] = new("project system", "project user"), ["rewrite"] = new(User: "project rewrite user") } };
        var brief = Brief with { Prompts = new Dictionary<string, PromptOverride> { ["generate"] = new(User: "run user") } };

        Assert.Equal(new PromptOverride("project system", "run user"), StagePrompts.Resolve("generate", brief, llm, "default system", "default user"));
        Assert.Equal(new PromptOverride("default system", "project rewrite user"), StagePrompts.Resolve("rewrite", brief, llm, "default system", "default user"));
        Assert.Equal(new PromptOverride("default system", "default user"), StagePrompts.Resolve("extract", brief, llm, "default system", "default user"));
    }

    [Fact]
    public void Validate_UnknownKeyEmptyAndBlankOverrides_ListsEachProblem()
    {
        var problems = StagePrompts.Validate(
            new Dictionary<string, PromptOverride> { ["summarize"] = new("x"), ["generate"] = new(), ["quality-gates.factuality"] = new(System: "\t"), ["audience"] = new(User: "ok") },
            "brief.prompts");

        Assert.Equal(3, problems.Count);
        Assert.StartsWith("brief.prompts has an unknown key \"summarize\"", problems[0], StringComparison.Ordinal);
        Assert.Equal("brief.prompts.generate must set system, user or both.", problems[1]);
        Assert.StartsWith("brief.prompts.quality-gates.factuality must not set a blank", problems[2], StringComparison.Ordinal);
    }
}
