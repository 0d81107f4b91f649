using ContentFlows.Api.Infrastructure;

// Usage: ContentFlows.Api [--config temporal-dev.yml] | create-key --project-slug SLUG --name NAME [--role ROLE] [--config FILE]
// Settings: appsettings.json, then environment variables (ContentFlows__PostgresConnectionString, ContentFlows__BootstrapAdminKey, ...),
// then temporal-dev.yml's api section when --config names it.
return await ApiCommandLine.RunAsync(args).ConfigureAwait(false);
