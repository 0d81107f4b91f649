using ContentFlows.Activities.Approvals;
using ContentFlows.Activities.Audience;
using ContentFlows.Activities.Batches;
using ContentFlows.Activities.Citations;
using ContentFlows.Activities.Content;
using ContentFlows.Activities.Costs;
using ContentFlows.Activities.Datasets;
using ContentFlows.Activities.Digests;
using ContentFlows.Activities.Egress;
using ContentFlows.Activities.Extraction;
using ContentFlows.Activities.Feeds;
using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Intake;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Notifications;
using ContentFlows.Activities.Persistence;
using ContentFlows.Activities.Pipelines;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Publishing;
using ContentFlows.Activities.QualityGates;
using ContentFlows.Activities.Research;
using ContentFlows.Activities.Runs;
using ContentFlows.Activities.Schedules;
using ContentFlows.Activities.Stages;
using ContentFlows.Activities.Translation;
using ContentFlows.Activities.Temporal;
using Temporalio.Extensions.Hosting;
using ContentFlows.Workflows.Batches;
using ContentFlows.Workflows.Pipelines;
using ContentFlows.Workflows.Schedules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ContentFlows.Activities.Hosting;

/// <summary>Registers the content pipeline: stores, stage types, the LLM abstraction, and the Temporal worker running them.</summary>
public static class ContentPipelineServiceCollectionExtensions
{
    /// <summary>
    /// Registers everything a pipeline worker runs: migrations at start (before the worker), the activities and the
    /// <see cref="PipelineWorkflow"/> on <see cref="ContentPipelineWorkerOptions.TaskQueue"/>.
    /// </summary>
    public static IServiceCollection AddContentPipelineWorker(this IServiceCollection services, ContentPipelineWorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);

        // Before the activities' defaults (registered with TryAdd), unless the host registered its own limits first.
        services.TryAddSingleton(options.RateLimits);
        services.TryAddSingleton(options.Egress);
        services.TryAddSingleton(options.LlmPrices);
        services.TryAddSingleton(new ReviewLinks(options.PublicBaseUrl));
        if (options.RateLimiter == RateLimiterStore.Postgres)
        {
            services.TryAddSingleton<IRateLimiter>(provider => new PostgresRateLimiter(provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<RateLimitOptions>(), provider.GetRequiredService<TimeProvider>()));
        }

        services.AddContentPipelineActivities(
            new ContentFlowsDatabaseOptions(options.PostgresConnectionString, options.DatabaseSchema),
            new StaticSiteOptions(Path.GetFullPath(options.PublishDirectory)));

        // Hosted services start in registration order: the schema is ready before the worker polls.
        services.AddSingleton<IHostedService, DatabaseMigrationService>();

        // Without a secrets key the worker runs, but stages that need a project secret fail saying so.
        if (!string.IsNullOrEmpty(options.SecretsKey))
        {
            services.TryAddSingleton(new SecretsOptions(options.SecretsKey));
            services.TryAddSingleton<ProjectSecretStore>();
        }

        services.TryAddSingleton<CatalogueIntake>();
        services.AddContentFlowsTemporalClient(options.TemporalConnection);
        services.AddHostedTemporalWorker(options.TaskQueue)
            .AddWorkflow<PipelineWorkflow>()
            .AddWorkflow<BatchWorkflow>()
            .AddWorkflow<ScheduledPipelineWorkflow>()
            .AddWorkflow<CatalogueIntakeWorkflow>()
            .AddScopedActivities<PipelineActivities>()
            .AddScopedActivities<BatchActivities>()
            .AddScopedActivities<ScheduleActivities>()
            .AddScopedActivities<NotificationActivities>()
            .ConfigureOptions(worker => worker.Interceptors = [new ActivityLogScopeInterceptor()]);
        return services;
    }

    /// <summary>
    /// Registers the stores, the stage types and the text generators: an OpenAI-compatible client for projects naming an
    /// endpoint (rate limited with <see cref="RateLimitOptions"/> per endpoint and model), otherwise the offline
    /// generator unless another <see cref="ITextGenerator"/> is registered first.
    /// </summary>
    public static IServiceCollection AddContentPipelineActivities(this IServiceCollection services, ContentFlowsDatabaseOptions database, StaticSiteOptions staticSite)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(staticSite);
        database.Validate();
        staticSite.Validate();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(database);
        services.AddSingleton(staticSite);
        services.TryAddSingleton(_ => ContentFlowsDataSourceFactory.Create(database));
        services.TryAddSingleton<DatabaseMigrator>();
        services.TryAddSingleton<ProjectStore>();
        services.TryAddSingleton<PipelineDefinitionStore>();
        services.TryAddSingleton<PipelineRunStore>();
        services.TryAddSingleton<PipelineStageStore>();
        services.TryAddSingleton<ContentVersionStore>();
        services.TryAddSingleton<ApprovalStore>();
        services.TryAddSingleton<LlmCallStore>();
        services.TryAddSingleton<ContentSlugStore>();
        services.TryAddSingleton<StaticSitePublisher>();
        services.TryAddSingleton<ChannelHttpClient>();
        services.TryAddSingleton<PublicationLedger>();
        services.TryAddSingleton<PublicationScheduleStore>();
        services.TryAddSingleton<WebhookPublisher>();
        services.TryAddSingleton<WordPressPublisher>();
        services.TryAddSingleton<StageSecretReader>();
        services.TryAddSingleton<ResearchStore>();
        services.TryAddSingleton<ExtractionStore>();
        services.TryAddSingleton<AudienceStore>();
        services.TryAddSingleton<SourceClaimStore>();
        services.TryAddSingleton<LlmQualityJudges>();
        services.TryAddSingleton(new ResearchOptions());
        services.TryAddSingleton(new EgressOptions());
        services.TryAddSingleton<EgressPolicy>();
        services.TryAddSingleton<SourceReader>();
        services.TryAddSingleton<FeedReader>();
        services.TryAddSingleton<FeedItemStore>();
        services.TryAddSingleton<PipelineRunLauncher>();
        services.TryAddSingleton<DatasetImporter>();
        services.TryAddSingleton<DatasetStore>();
        services.TryAddSingleton<BatchStore>();
        services.TryAddSingleton<BatchLauncher>();
        services.TryAddSingleton<BatchResultExporter>();
        services.TryAddSingleton<NotificationSettingsStore>();
        services.TryAddSingleton<NotificationLog>();
        services.TryAddSingleton<WebhookNotifier>();
        services.TryAddSingleton<EmailNotifier>();
        services.TryAddSingleton(new ReviewLinks(ReviewLinks.DefaultPublicBaseUrl));
        services.TryAddSingleton(new OfflineTextGeneratorOptions());
        services.TryAddSingleton<ITextGenerator, OfflineTextGenerator>();
        services.TryAddSingleton(new RateLimitOptions());
        services.TryAddSingleton<IRateLimiter>(provider => new TokenBucketRateLimiter(provider.GetRequiredService<RateLimitOptions>(), provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<TextGeneratorSelector>();
        services.TryAddSingleton(new LlmPriceList());
        services.TryAddSingleton<LlmCostCalculator>();
        services.TryAddSingleton<MeteredTextGeneration>();
        services.TryAddSingleton<StageTypeRegistry>();
        services.AddStageType<ResearchStage>();
        services.AddStageType<ExtractStage>();
        services.AddStageType<AudienceStage>();
        services.AddStageType<GenerateStage>();
        services.AddStageType<QualityGateStage>();
        services.AddStageType<RewriteStage>();
        services.AddStageType<ApprovalStage>();
        services.AddStageType<TranslateStage>();
        services.AddStageType<TranslateFromMasterStage>();
        services.AddStageType<PublishStage>();
        services.AddStageType<FeedsStage>();
        services.AddStageType<DigestStage>();
        return services;
    }

    /// <summary>Registers a stage type; the generic stage activity finds it by its type name.</summary>
    public static IServiceCollection AddStageType<TStage>(this IServiceCollection services)
        where TStage : class, IStageType
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStageType, TStage>());
        return services;
    }
}
