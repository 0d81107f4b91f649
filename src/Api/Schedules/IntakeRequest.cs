namespace ContentFlows.Api.Schedules;

/// <summary>Makes a schedule a catalogue intake: each action imports the feed's rows with new keys and starts a batch of them.</summary>
/// <param name="FeedUrl">The CSV or JSONL file's http(s) URL (read through the workers' egress policy).</param>
/// <param name="Format">"csv" or "jsonl".</param>
/// <param name="KeyColumn">The column that identifies a row, such as "sku".</param>
/// <param name="Languages">The batch's languages, master first; ["en"] when null.</param>
internal sealed record IntakeRequest(string? FeedUrl, string? Format, string? KeyColumn, IReadOnlyList<string>? Languages);
