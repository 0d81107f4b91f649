using ContentFlows.Api;

// Settings: appsettings.json, then environment variables (ContentFlows__PostgresConnectionString, ContentFlows__BootstrapAdminKey, ...).
var app = ContentFlowsApiApplication.Build(args);
await app.RunAsync().ConfigureAwait(false);
