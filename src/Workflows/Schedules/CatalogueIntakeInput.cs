namespace ContentFlows.Workflows.Schedules;

/// <summary>What a catalogue intake schedule does on every action: import the feed's new rows and run them as a batch.</summary>
/// <param name="ProjectId">The schedule's project.</param>
/// <param name="ScheduleName">The schedule's name, which also names the intake whose keys are remembered.</param>
/// <param name="FeedUrl">The CSV or JSONL file's URL.</param>
/// <param name="Format">"csv" or "jsonl".</param>
/// <param name="KeyColumn">The column that identifies a row (a SKU); rows whose key an earlier import took are skipped.</param>
/// <param name="DefinitionId">The definition the batch runs.</param>
/// <param name="DefinitionVersion">The version pinned when the schedule was created.</param>
/// <param name="Languages">The batch's languages, master first.</param>
public sealed record CatalogueIntakeInput(Guid ProjectId, string ScheduleName, string FeedUrl, string Format, string KeyColumn, Guid DefinitionId, int DefinitionVersion, IReadOnlyList<string> Languages);
