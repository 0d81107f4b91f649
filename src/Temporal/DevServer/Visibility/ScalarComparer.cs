namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>Orders the scalars attribute values decode to; both sides always have the same kind after type checking.</summary>
internal static class ScalarComparer
{
    public static int Compare(object left, object right) => (left, right) switch
    {
        (string a, string b) => string.CompareOrdinal(a, b),
        (long a, long b) => a.CompareTo(b),
        (double a, double b) => a.CompareTo(b),
        (bool a, bool b) => a.CompareTo(b),
        _ => throw new InvalidOperationException($"cannot compare {left.GetType().Name} with {right.GetType().Name}"),
    };

    public static bool AreEqual(object left, object right) => Compare(left, right) == 0;
}
