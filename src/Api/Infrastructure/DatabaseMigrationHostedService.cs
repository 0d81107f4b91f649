using ContentFlows.Activities.Persistence;

namespace ContentFlows.Api.Infrastructure;

/// <summary>Applies the app migrations before Kestrel listens (user hosted services start before the server).</summary>
internal sealed class DatabaseMigrationHostedService(DatabaseMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
