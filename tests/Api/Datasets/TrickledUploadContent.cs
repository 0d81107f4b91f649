using System.Net;
using System.Text;

namespace ContentFlows.Api.Tests.Datasets;

/// <summary>
/// A CSV upload sent slowly: the header, then a row every 100 ms (fast enough for Kestrel's minimum data rate) until
/// released, then the last row. <paramref name="onFirstBytesSent"/> is called once the request is on the wire.
/// </summary>
internal sealed class TrickledUploadContent(Action onFirstBytesSent, CancellationToken release) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await WriteAsync(stream, "topic,audience\n");
        onFirstBytesSent();
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var row = 0;
        while (!release.IsCancellationRequested)
        {
            await WriteAsync(stream, $"Slow item {row++},patient readers\n");

            // Pacing the upload itself, not waiting for the server: the test waits on its answers.
            try
            {
                await pace.WaitForNextTickAsync(release);
            }
            catch (OperationCanceledException) when (release.IsCancellationRequested)
            {
                break;
            }
        }

        await WriteAsync(stream, "Last item,patient readers\n");
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    private static async Task WriteAsync(Stream stream, string text)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await stream.FlushAsync();
    }
}
