using System.Text.Json.Nodes;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Common.V1;

namespace ContentFlows.Temporal.DevServer.Tests.Ui;

/// <summary>
/// A codec server as teams run them for the Temporal UI: POST /decode with {"payloads":[...]}
/// (metadata values and data in base64), CORS open to the page. Its "encryption" reverses bytes.
/// </summary>
public sealed class FakeCodec : IAsyncDisposable
{
    public const string Encoding = "binary/encrypted";

    private readonly WebApplication app;

    private FakeCodec(WebApplication app, Uri uri)
    {
        this.app = app;
        Uri = uri;
    }

    public Uri Uri { get; }

    public int DecodeCalls { get; private set; }

    public static Payload Encode(string json)
    {
        var inner = new Payload { Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") }, Data = ByteString.CopyFromUtf8(json) };
        var bytes = inner.ToByteArray();
        Array.Reverse(bytes);
        return new Payload { Metadata = { ["encoding"] = ByteString.CopyFromUtf8(Encoding) }, Data = ByteString.CopyFrom(bytes) };
    }

    public static async Task<FakeCodec> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeCodec? codec = null;
        app.Use(async (context, next) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
            context.Response.Headers.AccessControlAllowHeaders = "Content-Type, X-Namespace, Authorization";
            context.Response.Headers.AccessControlAllowMethods = "POST, OPTIONS";
            if (HttpMethods.IsOptions(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            await next(context);
        });
        app.MapPost("/decode", async (HttpContext context) =>
        {
            codec!.DecodeCalls++;
            var body = await JsonNode.ParseAsync(context.Request.Body);
            var result = new JsonArray();
            foreach (var item in body!["payloads"]!.AsArray())
            {
                var encoding = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(item!["metadata"]!["encoding"]!.GetValue<string>()));
                if (encoding != Encoding)
                {
                    result.Add(item.DeepClone());
                    continue;
                }

                var bytes = Convert.FromBase64String(item["data"]!.GetValue<string>());
                Array.Reverse(bytes);
                result.Add(JsonNode.Parse(JsonFormatter.Default.Format(Payload.Parser.ParseFrom(bytes))));
            }

            return Results.Text(new JsonObject { ["payloads"] = result }.ToJsonString(), "application/json", System.Text.Encoding.UTF8);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        codec = new FakeCodec(app, new Uri(address));
        return codec;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
