using Serilog;
using ContentFlows.Activities.Encryption;
using ContentFlows.Api.Approvals;
using ContentFlows.Api.Codec;
using ContentFlows.Api.OperatorConsole;
using ContentFlows.Api.Batches;
using ContentFlows.Api.Calendar;
using ContentFlows.Api.Content;
using ContentFlows.Api.Costs;
using ContentFlows.Api.Datasets;
using ContentFlows.Api.Definitions;
using ContentFlows.Api.Infrastructure;
using ContentFlows.Api.Keys;
using ContentFlows.Api.Notifications;
using ContentFlows.Api.Projects;
using ContentFlows.Api.Publications;
using ContentFlows.Api.Review;
using ContentFlows.Api.Runs;
using ContentFlows.Api.Schedules;
using ContentFlows.Api.StageTypes;

namespace ContentFlows.Api;

/// <summary>Builds the API application; Program.cs runs it, tests start it on Kestrel with their own configuration.</summary>
internal static class ContentFlowsApiApplication
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.Services.AddContentFlowsApi(builder.Configuration);

        var app = builder.Build();
        if (app.Services.GetService<Serilog.IDiagnosticContext>() is not null)
        {
            // One line per request (method, path, status, time) when the host logs through Serilog; never headers, which hold keys.
            app.UseSerilogRequestLogging();
        }

        app.UseExceptionHandler();
        app.UseCors();
        app.UseStatusCodePages();
        app.UseAuthentication();

        // After authentication, so each API key is limited on its own; before authorization, so refused calls count too.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapProjectsApi();
        app.MapProjectSettingsApi();
        app.MapApiKeysApi();
        app.MapDefinitionsApi();
        app.MapRunsApi();
        app.MapApprovalsApi();
        app.MapContentVersionsApi();
        app.MapDatasetsApi();
        app.MapBatchesApi();
        app.MapSchedulesApi();
        app.MapPublicationsApi();
        app.MapCalendarApi();
        app.MapCostsApi();
        app.MapReviewPage();
        app.MapStageTypesApi();
        app.MapDefinitionBuilderApi();
        app.MapRunSearchApi();
        app.MapNotificationsApi();
        app.MapConsolePage();
        if (app.Services.GetRequiredService<ApiOptions>().PayloadEncryption is { } encryption)
        {
            // The UI sends plain payloads to /decode too: the codec server passes them through, the workers' codec does not.
            var lenient = new PayloadEncryptionOptions(encryption.CurrentKeyId, encryption.Keys) { RequireEncryption = false };
            var options = app.Services.GetRequiredService<ApiOptions>();
            app.MapPayloadCodecServer("/codec", new AesGcmPayloadCodec(lenient), new PayloadCodecServerOptions(options.CodecServerOrigins) { Namespaces = { options.Namespace } });
        }

        return app;
    }
}
