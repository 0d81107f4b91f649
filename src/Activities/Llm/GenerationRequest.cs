namespace ContentFlows.Activities.Llm;

/// <summary>One completion request: the conversation, the model to use and how to sample.</summary>
/// <param name="Messages">The conversation in order (system first, then user/assistant turns).</param>
/// <param name="Model">The model name as the endpoint knows it.</param>
/// <param name="Temperature">Sampling temperature; 0 asks for the most deterministic output.</param>
/// <param name="JsonMode">True when the reply must be a single JSON object.</param>
public sealed record GenerationRequest(
    IReadOnlyList<PromptMessage> Messages,
    string Model,
    double Temperature = 0.2,
    bool JsonMode = false);
