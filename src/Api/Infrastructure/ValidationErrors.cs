namespace ContentFlows.Api.Infrastructure;

/// <summary>Collects field → messages while a request is checked, for one 400 that lists every problem.</summary>
internal sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsEmpty => errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            messages = [];
            errors[field] = messages;
        }

        messages.Add(message);
    }

    /// <summary>Adds <paramref name="message"/> when <paramref name="value"/> is null or blank.</summary>
    public void Required(string field, string? value, string message = "is required")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, message);
        }
    }

    /// <summary>Adds a message naming the limit when <paramref name="value"/> is longer than <paramref name="maxLength"/> characters.</summary>
    public void MaxLength(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(field, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"must be at most {maxLength} characters (was {value.Length})"));
        }
    }

    public Dictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
