using System.Text.Json;
using Xunit.Abstractions;

namespace ContentFlows.Temporal.InteropTests;

/// <summary>
/// Runs harness scenarios for a test and writes the response and the dev server / harness log lines
/// of that test into its output (shown for failed tests).
/// </summary>
public abstract class InteropTestBase : IDisposable
{
    protected static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly TypeScriptSdkFixture fixture;
    private readonly ITestOutputHelper output;
    private readonly TypeScriptSdkFixture.LogMark mark;

    protected InteropTestBase(TypeScriptSdkFixture fixture, ITestOutputHelper output)
    {
        this.fixture = fixture;
        this.output = output;
        mark = fixture.MarkLogs();
    }

    public void Dispose()
    {
        output.WriteLine("---- dev server and harness output during this test ----");
        output.WriteLine(fixture.LogsSince(mark));
        GC.SuppressFinalize(this);
    }

    internal async Task<ScenarioResponse> RunAsync(string scenario, object? args = null, TimeSpan? timeout = null)
    {
        JsonElement response = await fixture.RunScenarioAsync(scenario, args, timeout ?? DefaultTimeout);
        output.WriteLine($"---- {scenario} response ----");
        output.WriteLine(response.ToString());
        return new ScenarioResponse(response);
    }

    /// <summary>Asserts that <paramref name="expected"/> occur in <paramref name="history"/> in this order (other events may lie between).</summary>
    internal static void AssertInOrder(IReadOnlyList<string> history, params string[] expected)
    {
        int position = 0;
        foreach (string eventType in expected)
        {
            int found = -1;
            for (int i = position; i < history.Count; i++)
            {
                if (history[i] == eventType)
                {
                    found = i;
                    break;
                }
            }

            Assert.True(
                found >= 0,
                $"Expected {eventType} after position {position} in the history [{string.Join(", ", history)}]; wanted in order: [{string.Join(", ", expected)}]");
            position = found + 1;
        }
    }
}
