using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Prompts;
using ContentFlows.Activities.Stages;

namespace ContentFlows.Activities.Generation;

/// <summary>Builds drafting prompts (see <see cref="FencedTask"/>), with the defaults a project or run may override (see <see cref="StagePrompts"/>).</summary>
public static class DraftPrompt
{
    /// <summary>The default system prompt of <c>generate</c> and <c>rewrite</c>.</summary>
    public const string DefaultSystem =
        "You write marketing content for a brand. Reply with one JSON object with the string fields " +
        "title, metaDescription, h1, body and cta, and nothing else. Write the body in Markdown of about targetWords words: " +
        "paragraphs separated by blank lines and, where the length calls for structure, ## section headings, bulleted or " +
        "numbered lists and pipe tables; no HTML, no images, and no # heading (h1 is the page's heading). State only numbers found in the brief's " +
        "sourceText or attributes (the product's own data, by column name) or in the research. Never use a banned phrase. Use every keyword. When a sentence states a fact " +
        "from the research, cite its source with the marker that heads it, before the full stop, for example " +
        "\"Setup takes 10 minutes [S1].\"; never cite a marker the research does not have. Write for the personas when given. " +
        "When the task lists variants, also write the field variants: an array of {\"kind\", \"text\"} objects with exactly " +
        "that many of each kind (headline, social-post, ad-copy or email-subject), each a short, self-contained text under " +
        "the same rules; when a draft to fix has variants, keep them, fixing those the issues name (field \"variants[i]\").";

    /// <summary>The default instruction of <c>generate</c>.</summary>
    public const string DefaultGenerateUser = "Write a first draft for this brief.";

    /// <summary>The default instruction of <c>rewrite</c>.</summary>
    public const string DefaultRewriteUser =
        "Rewrite the draft so that every issue listed is fixed; keep everything else, source markers, headings, lists and " +
        "tables included, and keep the body about targetWords words long unless an issue asks for another length.";

    /// <summary>Builds the messages for a draft task with the default prompts.</summary>
    public static IReadOnlyList<PromptMessage> Build(DraftTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return FencedTask.Build(DefaultSystem, task.Task == DraftTask.Rewrite ? DefaultRewriteUser : DefaultGenerateUser, task);
    }

    /// <summary>Builds the messages for a draft task with the prompts the run, the project or the defaults give.</summary>
    public static IReadOnlyList<PromptMessage> Build(StageContext context, DraftTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var rewrite = task.Task == DraftTask.Rewrite;
        return StagePrompts.Build(context, task.Task, DefaultSystem, rewrite ? DefaultRewriteUser : DefaultGenerateUser, task);
    }

    /// <summary>Finds the task in a prompt built by <see cref="Build(DraftTask)"/>; null when the prompt has none.</summary>
    public static DraftTask? TryRead(IReadOnlyList<PromptMessage> messages) => FencedTask.TryRead<DraftTask>(messages);
}
