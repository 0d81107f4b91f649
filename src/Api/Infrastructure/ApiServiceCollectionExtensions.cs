using System.Text.Json;
using System.Text.Json.Serialization;
using ContentFlows.Activities.Content;
using ContentFlows.Activities.Hosting;
using ContentFlows.Activities.Persistence;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Publishing;
using ContentFlows.Api.Access;
using ContentFlows.Api.Approvals;
using ContentFlows.Api.Definitions;
using ContentFlows.Api.OperatorConsole;
using ContentFlows.Api.Review;
using ContentFlows.Api.Runs;
using ContentFlows.Activities.Temporal;
using Microsoft.AspNetCore.Authentication;

namespace ContentFlows.Api.Infrastructure;

/// <summary>Registers the API's services: the app stores, the Temporal client, authentication, problem details and OpenAPI.</summary>
internal static class ApiServiceCollectionExtensions
{
    private const int DefaultMaxPoolSize = 30;

    public static IServiceCollection AddContentFlowsApi(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>() ?? new ApiOptions();
        options.Validate();
        services.AddSingleton(options);

        // Migrations first: hosted services start in registration order, and all of them before Kestrel listens.
        services.AddHostedService<DatabaseMigrationHostedService>();

        // The API publishes nothing itself; the stores and stage registry come with a static-site root it never writes to.
        services.AddContentPipelineActivities(
            new ContentFlowsDatabaseOptions(WithBoundedPool(options.PostgresConnectionString), options.DatabaseSchema),
            new StaticSiteOptions(Path.GetFullPath("published")));
        services.AddSingleton(new SecretsOptions(options.SecretsKey));
        services.AddSingleton<ProjectSecretStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<DefinitionQueries>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<ApprovalQueueQueries>();
        services.AddSingleton<ApprovalClaims>();
        services.AddSingleton<ActiveContentVersionStore>();
        services.AddContentFlowsTemporalClient(options.TemporalConnection);
        services.AddSingleton<RunOutcomeReconciler>();
        services.AddHostedService<RunReconciliationService>();
        services.AddKeyedSingleton(ReviewApi.PagePath, StaticPageAssets.Load(ReviewApi.ResourcePrefix));
        services.AddKeyedSingleton(ConsoleApi.PagePath, StaticPageAssets.Load(ConsoleApi.ResourcePrefix));
        services.AddSingleton<RunSearchQueries>();
        services.AddSingleton<DefinitionVersionQueries>();
        services.AddApiRateLimiting(configuration);

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(ApiPolicies.Add);
        services.AddProblemDetails();
        services.AddCors();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(json =>
        {
            // Enums as the kebab-case names definitions, rows and histories use; unknown numbers are refused.
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        });
        return services;
    }

    // Every request reads PostgreSQL (the key lookup at least). Npgsql's default pool of 100 lets a burst of clients
    // take all of the server's connection slots from the worker and the dev server; a bounded pool makes requests
    // queue for a connection instead. A Maximum Pool Size in the connection string wins.
    private static string WithBoundedPool(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        return builder.ConnectionString;
    }
}
