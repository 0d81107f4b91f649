namespace ContentFlows.Bench.BatchExport;

/// <summary>One export as the client saw it, with the API's peak resident set while it ran.</summary>
internal sealed record ExportMeasurement(long Rows, long Bytes, TimeSpan Elapsed, long PeakRssBytes);
