using System.Net.Http.Json;
using System.Text.Json;

namespace ContentFlows.Api.Tests.Infrastructure;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class OpenApiDocumentTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    [Fact]
    public async Task OpenApiDocument_EveryApiOperation_HasANameAndASummary()
    {
        using var client = fixture.Client(null);

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var operations = document.GetProperty("paths").EnumerateObject()
            .Where(path => path.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Key: $"{operation.Name.ToUpperInvariant()} {path.Name}", Operation: operation.Value)))
            .ToList();
        Assert.All(operations, o => Assert.True(
            o.Operation.TryGetProperty("operationId", out _) && o.Operation.TryGetProperty("summary", out var summary) && summary.GetString()!.Length > 0,
            $"{o.Key} has no operationId or summary"));
        Assert.Superset(
            new HashSet<string>
            {
                "GET /api/runs", "GET /api/runs/{runId}/costs", "GET /api/projects/{projectId}/costs", "GET /api/runs/{runId}/versions/diff",
                "GET /api/runs/{runId}/versions/active", "POST /api/runs/{runId}/versions/{version}/activate", "POST /api/runs/{runId}/versions/rollback",
                "POST /api/datasets", "GET /api/datasets", "GET /api/datasets/{datasetId}", "POST /api/batches", "GET /api/batches", "GET /api/batches/{batchId}",
                "POST /api/batches/{batchId}/pause", "POST /api/batches/{batchId}/resume", "POST /api/batches/{batchId}/cancel",
                "POST /api/batches/{batchId}/retry-failed", "GET /api/batches/{batchId}/results", "GET /api/batches/{batchId}/items", "GET /api/costs/budget",
                "GET /api/costs", "GET /api/batches/{batchId}/costs", "GET /api/projects/{projectId}/settings", "PUT /api/projects/{projectId}/settings",
                "PATCH /api/projects/{projectId}/settings", "GET /api/projects/{projectId}/settings/versions",
                "GET /api/projects/{projectId}/settings/versions/{version}", "GET /api/projects/{projectId}/settings/diff",
            },
            operations.Select(o => o.Key).ToHashSet());
        var upload = operations.Single(o => o.Key == "POST /api/datasets").Operation;
        Assert.True(upload.GetProperty("requestBody").GetProperty("content").TryGetProperty("text/csv", out _));
    }
}
