namespace ContentFlows.Activities.Llm;

/// <summary>
/// The model's reply was still not valid after one repair attempt. Not retryable: the prompt (or the model)
/// needs attention. Keeps every call made, so their tokens are still accounted for.
/// </summary>
public sealed class LlmMalformedOutputException : LlmException
{
    /// <summary>Initializes a new instance of the <see cref="LlmMalformedOutputException"/> class.</summary>
    /// <param name="parseError">Why the last reply was refused.</param>
    /// <param name="lastOutput">The last reply as received.</param>
    /// <param name="calls">Every call made, in order, with its token usage.</param>
    /// <param name="innerException">The parse or validation error, or null.</param>
    public LlmMalformedOutputException(string parseError, string lastOutput, IReadOnlyList<GenerationResult> calls, Exception? innerException)
        : base($"The model's output is still malformed after a repair attempt: {parseError}", LlmErrorTypes.MalformedOutput, innerException)
    {
        ParseError = parseError;
        LastOutput = lastOutput;
        Calls = calls;
    }

    /// <summary>Gets why the last reply was refused.</summary>
    public string ParseError { get; }

    /// <summary>Gets the last reply as received.</summary>
    public string LastOutput { get; }

    /// <summary>Gets every call made, in order, with its token usage.</summary>
    public IReadOnlyList<GenerationResult> Calls { get; }

    /// <inheritdoc/>
    public override bool IsRetryable => false;
}
