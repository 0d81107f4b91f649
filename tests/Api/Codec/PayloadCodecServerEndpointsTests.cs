using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ContentFlows.Activities.Encryption;
using ContentFlows.Activities.Tests.Encryption;
using ContentFlows.Api.Codec;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace ContentFlows.Api.Tests.Codec;

/// <summary>The codec-server protocol over real HTTP (Kestrel on 127.0.0.1), as the history UIs and the CLI call it.</summary>
public sealed class PayloadCodecServerEndpointsTests : IAsyncDisposable
{
    private const string UiOrigin = "http://127.0.0.1:8233";
    private readonly string key = TestKeys.NewKey();
    private readonly List<WebApplication> apps = [];
    private readonly HttpClient http = new();

    [Fact]
    public async Task Encode_ThenDecode_RoundTripsPayloadsInProtobufJson()
    {
        var server = await StartAsync(Codec(requireEncryption: false));
        var original = Json("{\"title\":\"Nightjar launch\"}");

        using var encodeResponse = await PostAsync(server, "codec/encode", Body(original));
        var encoded = await ReadPayloadsAsync(encodeResponse);
        using var decodeResponse = await PostAsync(server, "codec/decode", JsonFormatter.Default.Format(encoded));
        var decoded = await ReadPayloadsAsync(decodeResponse);

        var encrypted = Assert.Single(encoded.Payloads_);
        Assert.True(AesGcmPayloadCodec.IsEncrypted(encrypted));
        Assert.Equal(-1, encrypted.Data.Span.IndexOf("Nightjar"u8));
        Assert.Equal(original, Assert.Single(decoded.Payloads_));
        Assert.StartsWith("application/json", decodeResponse.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_RequestAsTheHistoryUiSendsIt_DecodesEncryptedPayloadsAndPassesPlainOnesThrough()
    {
        var server = await StartAsync(Codec(requireEncryption: false));
        var worker = Codec(requireEncryption: true);
        var encrypted = await worker.EncodeSingleAsync(Json("\"approved by Dana\""));

        // The dev server's UI and Temporal's UI: metadata values and data in base64, X-Namespace set, plain payloads included.
        var body = $$"""
            {"payloads":[
              {"metadata":{"encoding":"{{B64("json/plain")}}"},"data":"{{B64("42")}}"},
              {"metadata":{"encoding":"{{B64("binary/null")}}"},"data":""},
              {{JsonFormatter.Default.Format(encrypted)}}
            ]}
            """;
        using var response = await PostAsync(server, "codec/decode", body, ("X-Namespace", "default"));
        var decoded = await ReadPayloadsAsync(response);

        Assert.Equal(3, decoded.Payloads_.Count);
        Assert.Equal(Json("42"), decoded.Payloads_[0]);
        Assert.Equal("binary/null", decoded.Payloads_[1].Metadata["encoding"].ToStringUtf8());
        Assert.Equal(Json("\"approved by Dana\""), decoded.Payloads_[2]);
    }

    [Fact]
    public async Task Decode_PayloadUnderAKeyNotInTheRing_AnswersProblemNamingTheKey()
    {
        var server = await StartAsync(Codec(requireEncryption: false));
        var retired = new AesGcmPayloadCodec(TestKeys.Ring("2025-01", ("2025-01", TestKeys.NewKey())));
        var old = await retired.EncodeSingleAsync(Json("\"old\""));

        using var response = await PostAsync(server, "codec/decode", JsonFormatter.Default.Format(new Payloads { Payloads_ = { old } }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("key '2025-01'", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_PlainPayloadWithACodecRequiringEncryption_AnswersProblem()
    {
        var server = await StartAsync(Codec(requireEncryption: true));

        using var response = await PostAsync(server, "codec/decode", Body(Json("1")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not encrypted", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_BodyThatIsNotPayloads_AnswersBadRequest()
    {
        var server = await StartAsync(Codec(requireEncryption: false));

        using var response = await PostAsync(server, "codec/decode", "{\"payloads\":[{\"metadata\":{\"encoding\":\"%%%\"}}]}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Encode_BodyThatIsNotJson_AnswersUnsupportedMediaType()
    {
        var server = await StartAsync(Codec(requireEncryption: false));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "codec/encode"))
        {
            Content = new StringContent("payloads", Encoding.UTF8, "text/plain"),
        };

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Preflight_FromTheUiOrigin_AllowsPostWithNamespaceHeaderAndCredentials()
    {
        var server = await StartAsync(Codec(requireEncryption: false), new PayloadCodecServerOptions([UiOrigin]));
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri(server, "codec/decode"));
        request.Headers.Add("Origin", UiOrigin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-namespace");

        using var response = await http.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, $"preflight answered {(int)response.StatusCode}");
        Assert.Equal(UiOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        var allowedHeaders = string.Join(',', response.Headers.GetValues("Access-Control-Allow-Headers")).ToUpperInvariant();
        Assert.Contains("X-NAMESPACE", allowedHeaders, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_FromAnotherOrigin_GetsNoCorsHeaders()
    {
        var server = await StartAsync(Codec(requireEncryption: false), new PayloadCodecServerOptions([UiOrigin]));

        using var allowed = await PostAsync(server, "codec/encode", Body(Json("1")), ("Origin", UiOrigin));
        using var other = await PostAsync(server, "codec/encode", Body(Json("1")), ("Origin", "http://evil.example"));

        Assert.Equal(UiOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Decode_ForANamespaceTheServerDoesNotServe_AnswersForbidden()
    {
        var options = new PayloadCodecServerOptions { Namespaces = { "content" } };
        var server = await StartAsync(Codec(requireEncryption: false), options);

        using var served = await PostAsync(server, "codec/encode", Body(Json("1")), ("X-Namespace", "content"));
        using var other = await PostAsync(server, "codec/encode", Body(Json("1")), ("X-Namespace", "billing"));
        using var none = await PostAsync(server, "codec/encode", Body(Json("1")));

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("'billing'", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
    }

    [Fact]
    public void Map_OriginWithAPath_IsRefusedNamingIt()
    {
        var app = WebApplication.CreateSlimBuilder().Build();
        apps.Add(app);

        var refused = Assert.Throws<ArgumentException>(() =>
            app.MapPayloadCodecServer("/codec", Codec(requireEncryption: false), new PayloadCodecServerOptions(["http://127.0.0.1:8233/ui"])));

        Assert.Contains("PayloadCodecServerOptions.AllowedOrigins", refused.Message, StringComparison.Ordinal);
        Assert.Contains("'http://127.0.0.1:8233/ui'", refused.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        foreach (var app in apps)
        {
            await app.DisposeAsync();
        }
    }

    private static Payload Json(string json) => new()
    {
        Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") },
        Data = ByteString.CopyFromUtf8(json),
    };

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Body(params Payload[] payloads) => JsonFormatter.Default.Format(new Payloads { Payloads_ = { payloads } });

    private static async Task<Payloads> ReadPayloadsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonParser.Default.Parse<Payloads>(text);
    }

    private AesGcmPayloadCodec Codec(bool requireEncryption)
    {
        var options = TestKeys.Ring("k1", ("k1", key));
        options.RequireEncryption = requireEncryption;
        return new AesGcmPayloadCodec(options);
    }

    private async Task<Uri> StartAsync(IPayloadCodec codec, PayloadCodecServerOptions? options = null)
    {
        // LoopbackWebApp.Create builds before services can be added; CORS needs its services, so the app is built here.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddCors();
        var app = builder.Build();
        apps.Add(app);
        app.UseCors();
        app.MapPayloadCodecServer("/codec", codec, options);
        return await LoopbackWebApp.StartAsync(app);
    }

    private async Task<HttpResponseMessage> PostAsync(Uri server, string path, string json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, path))
        {
            Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await http.SendAsync(request);
    }
}
