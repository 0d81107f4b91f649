using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace ContentFlows.Bench.ApiLoad;

/// <summary>Every request's endpoint, status (0 when no answer arrived) and latency; the report the bench prints.</summary>
internal sealed class RequestRecorder
{
    private readonly ConcurrentQueue<(string Endpoint, int Status, double Milliseconds)> requests = new();

    public void Record(string endpoint, int status, double milliseconds) => requests.Enqueue((endpoint, status, milliseconds));

    /// <summary>Answers other than the expected successes and 429 (the rate limiter's), with their counts.</summary>
    public IReadOnlyDictionary<string, int> Errors() => requests
        .Where(r => r.Status is not (200 or 201 or 202 or 429))
        .GroupBy(r => $"{r.Endpoint} → {(r.Status == 0 ? "no answer" : r.Status.ToString(CultureInfo.InvariantCulture))}")
        .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public string Report(TimeSpan elapsed)
    {
        var all = requests.ToArray();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{all.Length} requests in {elapsed.TotalSeconds:0.0} s: {all.Length / elapsed.TotalSeconds:0.0} requests/s");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"endpoint",-34} {"count",8} {"req/s",8} {"p50 ms",8} {"p99 ms",8}  statuses");
        foreach (var group in all.GroupBy(r => r.Endpoint).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var latencies = group.Select(r => r.Milliseconds).Order().ToArray();
            var statuses = string.Join(", ", group.GroupBy(r => r.Status).OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "none" : s.Key.ToString(CultureInfo.InvariantCulture))}×{s.Count()}"));
            text.AppendLine(CultureInfo.InvariantCulture, $"{group.Key,-34} {latencies.Length,8} {latencies.Length / elapsed.TotalSeconds,8:0.0} {Percentile(latencies, 0.50),8:0.0} {Percentile(latencies, 0.99),8:0.0}  {statuses}");
        }

        var byStatus = string.Join(", ", all.GroupBy(r => r.Status).OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "none" : s.Key.ToString(CultureInfo.InvariantCulture))}: {s.Count()}"));
        text.Append("by status: ").Append(byStatus);
        return text.ToString();
    }

    private static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
}
