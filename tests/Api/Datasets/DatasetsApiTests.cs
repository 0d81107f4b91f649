using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ContentFlows.Api.Tests.Datasets;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class DatasetsApiTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    // As many slow uploads as the API's connection pool holds (ApiServiceCollectionExtensions' default of 30).
    private const int SlowUploads = 30;

    [Fact]
    public async Task UploadDataset_ThirtySlowUploadsOfOneTenant_AnotherTenantStillAnswersWithinOneSecondAndEveryUploadIsStored()
    {
        var (_, slowKey) = await fixture.CreateProjectAsync();
        var (_, otherKey) = await fixture.CreateProjectAsync();
        using var slow = fixture.Client(slowKey);
        using var other = fixture.Client(otherKey);
        using var release = new CancellationTokenSource();
        var allSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = 0;
        void OnFirstBytesSent()
        {
            if (Interlocked.Increment(ref sent) == SlowUploads)
            {
                allSent.TrySetResult();
            }
        }

        var contents = Enumerable.Range(0, SlowUploads).Select(_ => new TrickledUploadContent(OnFirstBytesSent, release.Token)).ToList();
        var uploads = new List<Task<HttpResponseMessage>>();
        try
        {
            foreach (var content in contents)
            {
                content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                uploads.Add(slow.PostAsync(new Uri("/api/datasets?name=slow", UriKind.Relative), content));
            }

            await allSent.Task.WaitAsync(TimeSpan.FromSeconds(30));

            // While every upload is still streaming, the other tenant's reads answer promptly, ten a second (well
            // inside its own key's rate limit).
            var probe = Stopwatch.StartNew();
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            var answered = 0;
            while (probe.Elapsed < TimeSpan.FromSeconds(2.5) && await pace.WaitForNextTickAsync())
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                try
                {
                    using var response = await other.GetAsync(new Uri("/api/definitions", UriKind.Relative), deadline.Token);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    Assert.Fail($"Request {answered + 1} of the other tenant took more than 1 s while {SlowUploads} uploads were streaming.");
                }

                answered++;
            }

            Assert.True(answered >= 10, $"only {answered} requests answered");
            Assert.All(uploads, upload => Assert.False(upload.IsCompleted, "an upload finished before it was released"));
        }
        finally
        {
            await release.CancelAsync();
        }

        foreach (var upload in uploads)
        {
            using var response = await upload.WaitAsync(TimeSpan.FromSeconds(60));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, body);
            Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("storedRows").GetInt32() >= 1, body);
        }

        contents.ForEach(c => c.Dispose());
    }
}
