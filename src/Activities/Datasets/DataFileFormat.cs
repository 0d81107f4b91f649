namespace ContentFlows.Activities.Datasets;

/// <summary>The file formats datasets are uploaded in and results are exported in.</summary>
public enum DataFileFormat
{
    /// <summary>Comma-separated values with a header row (RFC 4180 quoting).</summary>
    Csv,

    /// <summary>One JSON object per line.</summary>
    Jsonl,
}
