namespace ContentFlows.Temporal.DevServer.Ui;

/// <summary>Ends the UI's history long polls when the server stops, so Kestrel need not wait them out.</summary>
internal sealed class UiShutdown : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    public CancellationToken Token => _source.Token;

    public Task SignalAsync() => _source.CancelAsync();

    public void Dispose() => _source.Dispose();
}
