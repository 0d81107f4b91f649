using System.Globalization;

namespace ContentFlows.Bench.ApiLoad;

/// <summary>The bench's command line.</summary>
internal sealed record BenchOptions(Uri Api, string BootstrapKey, string Postgres, string Schema, int Clients, int Seconds, int Keys)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"{name} is required");
        int Number(string name, int fallback) => values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
        return new BenchOptions(new Uri(Required("--api")), Required("--bootstrap-key"), Required("--postgres"), Required("--schema"), Number("--clients", 200), Number("--seconds", 60), Number("--keys", 20));
    }
}
