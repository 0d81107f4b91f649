using System.Globalization;

namespace ContentFlows.Api.Infrastructure;

/// <summary>
/// Reads the times a project is given in: ISO 8601 date-times, either with an offset (<c>2027-03-01T09:00+01:00</c>,
/// <c>…Z</c>), taken as they are, or without one (<c>2027-03-01T09:00</c>), read as wall-clock time in the project's
/// time zone. A wall-clock time the zone skips (a daylight-saving gap) is refused; one it repeats takes the earlier instant.
/// </summary>
internal static class ProjectLocalTime
{
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];
    private static readonly string[] OffsetFormats = ["yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    /// <summary>Finds an IANA time zone by id; null when <paramref name="id"/> names none.</summary>
    public static TimeZoneInfo? FindZone(string? id) =>
        id is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) && zone.HasIanaId ? zone : null;

    /// <summary>Parses <paramref name="text"/>; on failure adds an error for <paramref name="field"/> and returns null.</summary>
    public static DateTimeOffset? Parse(string? text, TimeZoneInfo zone, string field, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(errors);
        var trimmed = text?.Trim() ?? string.Empty;
        if (DateTimeOffset.TryParseExact(trimmed, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var withOffset))
        {
            return withOffset;
        }

        if (!DateTime.TryParseExact(trimmed, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            errors.Add(field, $"must be an ISO 8601 date-time such as \"2027-03-01T09:00\" (in the project's time zone, {zone.Id}) or with an offset such as \"2027-03-01T09:00+01:00\" (was \"{text}\")");
            return null;
        }

        if (zone.IsInvalidTime(local))
        {
            errors.Add(field, $"{trimmed} does not exist in {zone.Id} (the clocks skip it); pick another time");
            return null;
        }

        // A repeated hour has two offsets; the larger one is the earlier instant.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>Writes <paramref name="instant"/> as the project's wall-clock time with its offset.</summary>
    public static string Format(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
