namespace ContentFlows.Temporal.Activities;

/// <summary>Marks an activity method. The activity type name is <see cref="Name"/>, or the method name without an "Async" suffix.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ActivityAttribute : Attribute
{
    /// <summary>Initializes a new instance named after the method.</summary>
    public ActivityAttribute()
    {
    }

    /// <summary>Initializes a new instance with an explicit activity type name.</summary>
    public ActivityAttribute(string name)
    {
        Name = name;
    }

    /// <summary>Gets the activity type name, or null to derive it from the method name.</summary>
    public string? Name { get; }
}
