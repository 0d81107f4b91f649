namespace ContentFlows.Api.Runs;

/// <summary>A research source as sent: <c>text</c> (the text itself) or <c>url</c> (an absolute http(s) address).</summary>
/// <param name="Kind">"text" or "url".</param>
/// <param name="Value">The text or the address.</param>
/// <param name="Title">A name for the source index.</param>
internal sealed record BriefSourceRequest(string? Kind, string? Value, string? Title = null);
