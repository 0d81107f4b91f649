using ContentFlows.Activities.Llm;

namespace ContentFlows.Activities.Tests.Batches;

/// <summary>
/// Passes calls to an inner generator, except that prompts carrying <see cref="Marker"/> wait until
/// <see cref="Release"/> (or until their activity is cancelled): pipelines that stay running for as long as a test needs.
/// </summary>
public sealed class HoldOnMarkerTextGenerator(ITextGenerator inner) : ITextGenerator
{
    public const string Marker = "[hold-offline]";

    private TaskCompletionSource released = NewReleased(isSet: true);
    private int held;

    /// <summary>Gets how many calls wait now.</summary>
    public int Held => Volatile.Read(ref held);

    /// <summary>Makes marked prompts wait from now on.</summary>
    public void Hold() => Volatile.Write(ref released, NewReleased(isSet: false));

    /// <summary>Lets the waiting calls and every later one through.</summary>
    public void Release() => Volatile.Read(ref released).TrySetResult();

    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Messages.Any(m => m.Content.Contains(Marker, StringComparison.Ordinal)))
        {
            Interlocked.Increment(ref held);
            try
            {
                await Volatile.Read(ref released).Task.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref held);
            }
        }

        return await inner.GenerateAsync(request, cancellationToken);
    }

    private static TaskCompletionSource NewReleased(bool isSet)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (isSet)
        {
            source.SetResult();
        }

        return source;
    }
}
