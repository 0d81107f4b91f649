using ContentFlows.Activities.Encryption;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace ContentFlows.Api.Codec;

/// <summary>
/// Temporal's codec-server protocol over a payload codec, so the history UIs and the CLI can show encrypted payloads:
/// POST <c>{prefix}/encode</c> and <c>{prefix}/decode</c> take <c>{"payloads":[...]}</c> in protobuf JSON (metadata
/// values and data in base64) and answer the same shape.
/// </summary>
/// <remarks>
/// Temporal's UI sends every payload of an event to /decode, plain ones too: give the server a codec that passes
/// plain payloads through (<see cref="PayloadEncryptionOptions.RequireEncryption"/> false). Browser callers need
/// CORS: the host calls <c>services.AddCors()</c> and <c>app.UseCors()</c>, and names the UI origins in
/// <see cref="PayloadCodecServerOptions.AllowedOrigins"/>. Whoever can reach the server can decrypt: put it behind
/// the host's authorization (<c>.RequireAuthorization()</c> on the returned group) outside a developer's machine.
/// </remarks>
public static class PayloadCodecServerEndpoints
{
    /// <summary>The header naming the namespace a request is for, sent by Temporal's UI and CLI and by the dev server's UI.</summary>
    public const string NamespaceHeader = "X-Namespace";

    /// <summary>Maps POST <c>{prefix}/encode</c> and <c>{prefix}/decode</c>.</summary>
    /// <param name="endpoints">The app or group to map on.</param>
    /// <param name="prefix">The route prefix, e.g. <c>/codec</c>; the UI's codec endpoint is the server address plus it.</param>
    /// <param name="codec">The codec to apply.</param>
    /// <param name="options">Allowed browser origins and namespaces; none and any when null.</param>
    /// <returns>The route group, for authorization and other conventions.</returns>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public static RouteGroupBuilder MapPayloadCodecServer(this IEndpointRouteBuilder endpoints, string prefix, IPayloadCodec codec, PayloadCodecServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(codec);
        options ??= new PayloadCodecServerOptions();
        options.Validate();
        var namespaces = options.Namespaces.ToHashSet(StringComparer.Ordinal);

        var group = endpoints.MapGroup(prefix);
        group.MapPost("/encode", (HttpRequest request, CancellationToken cancellationToken) =>
            ApplyAsync(request, namespaces, codec.EncodeAsync, cancellationToken));
        group.MapPost("/decode", (HttpRequest request, CancellationToken cancellationToken) =>
            ApplyAsync(request, namespaces, codec.DecodeAsync, cancellationToken));
        if (options.AllowedOrigins.Count > 0)
        {
            var origins = options.AllowedOrigins.ToArray();
            group.RequireCors(policy => policy
                .WithOrigins(origins)
                .WithMethods(HttpMethods.Post)
                .WithHeaders("Content-Type", NamespaceHeader, "Authorization")
                .AllowCredentials());
        }

        return group;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ApplyAsync(
        HttpRequest request,
        HashSet<string> namespaces,
        Func<IReadOnlyCollection<Payload>, Task<IReadOnlyCollection<Payload>>> apply,
        CancellationToken cancellationToken)
    {
        if (namespaces.Count > 0)
        {
            var requested = request.Headers[NamespaceHeader].ToString();
            if (!namespaces.Contains(requested))
            {
                return TypedResults.Problem(
                    $"This codec server serves namespace {string.Join(", ", namespaces.Order(StringComparer.Ordinal))}; the {NamespaceHeader} header was '{requested}'.",
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Namespace not served");
            }
        }

        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return TypedResults.Problem(
                $"The body must be application/json ({{\"payloads\":[...]}}); was '{request.ContentType}'.",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type");
        }

        Payloads input;
        using (var reader = new StreamReader(request.Body))
        {
            var body = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                input = JsonParser.Default.Parse<Payloads>(body);
            }
            catch (InvalidProtocolBufferException ex)
            {
                return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Body is not Payloads in protobuf JSON");
            }
            catch (InvalidJsonException ex)
            {
                return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Body is not Payloads in protobuf JSON");
            }
        }

        IReadOnlyCollection<Payload> output;
        try
        {
            output = await apply(input.Payloads_).ConfigureAwait(false);
        }
        catch (PayloadDecryptionException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Payload cannot be decoded");
        }

        return TypedResults.Text(JsonFormatter.Default.Format(new Payloads { Payloads_ = { output } }), "application/json");
    }
}
