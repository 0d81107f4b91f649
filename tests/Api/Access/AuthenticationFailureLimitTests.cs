using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using ContentFlows.Api.Infrastructure;
using ContentFlows.Api.Tests.Runs;

namespace ContentFlows.Api.Tests.Access;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class AuthenticationFailureLimitTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    [Fact]
    public async Task Authenticate_KeyGuessingFromOneAddress_429WithRetryAfterEvenForAValidKeyWhileOtherAddressesAnswer()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var burst = new ApiRateLimitOptions().FailedAuthenticationBurst;

        // A loopback address of its own (all of 127/8 is loopback on Linux), so other tests' address keeps its budget.
        using var guesser = ClientFrom(IPAddress.Parse("127.0.0.77"));
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var guess = 0; guess < burst + 10; guess++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/definitions");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"cf_guess{guess}");
            var response = await guesser.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && limited is null)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.All(statuses.Take(burst), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.True(statuses[^1] == HttpStatusCode.TooManyRequests, string.Join(", ", statuses));
        Assert.NotNull(limited);
        using (limited)
        {
            Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {limited.Headers.RetryAfter}");
            await RunsApiTests.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        }

        // Refused before the key is looked up: even a valid key from that address waits; another address is served.
        using var sameAddress = new HttpRequestMessage(HttpMethod.Get, "/api/definitions");
        sameAddress.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        using var refused = await guesser.SendAsync(sameAddress);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        using var other = fixture.Client(adminKey);
        using var served = await other.GetAsync(new Uri("/api/definitions", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    private HttpClient ClientFrom(IPAddress source)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = fixture.BaseAddress };
    }
}
