namespace ContentFlows.Activities.Batches;

/// <summary>
/// Makes exported text safe to open in a spreadsheet: a cell starting with = + - @ (or a tab or carriage return
/// before one) is read as a formula by Excel, LibreOffice and Google Sheets (CSV injection), so it gets a leading
/// apostrophe, which spreadsheets show as text and hide.
/// </summary>
internal static class SpreadsheetCell
{
    /// <summary>The value, with a leading apostrophe when a spreadsheet would take it for a formula.</summary>
    public static string Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
    }
}
