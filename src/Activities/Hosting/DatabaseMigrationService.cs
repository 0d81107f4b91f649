using ContentFlows.Activities.Persistence;
using Microsoft.Extensions.Hosting;

namespace ContentFlows.Activities.Hosting;

/// <summary>Applies the migrations when the host starts; registered before the Temporal worker so no activity runs on an old schema.</summary>
internal sealed class DatabaseMigrationService(DatabaseMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
