using ContentFlows.Activities.Content;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ContentFlows.Activities.Publishing;

/// <summary>
/// Publishes to remote channels at most once per idempotency key. Under an advisory lock on the key (so an attempt
/// that outlived its timeout cannot deliver alongside its retry) it looks for the key's publication row; without one
/// it delivers, then stores the "published" snapshot version and the row in one transaction. Nothing is recorded when
/// the delivery fails. A crash between a delivery and the commit is covered by the channel: the retry delivers again
/// under the same key and the channel recognises it (a webhook receiver by Idempotency-Key, WordPress by the draft's marker).
/// </summary>
public sealed partial class PublicationLedger(NpgsqlDataSource dataSource, ContentVersionStore versions, ContentSlugStore slugs, TimeProvider timeProvider, ILogger<PublicationLedger> logger)
{
    /// <summary>Delivers <paramref name="request"/>'s version through <paramref name="deliver"/> unless its key was published before.</summary>
    /// <param name="request">The version and keys.</param>
    /// <param name="channel">The channel type, one of <see cref="PublishChannelTypes"/>.</param>
    /// <param name="deliver">Sends the content (fields and slug) to the channel; throws <see cref="PublishChannelException"/> when it fails.</param>
    /// <param name="cancellationToken">The activity's token.</param>
    /// <returns>The publication, new or found.</returns>
    public async Task<Publication> PublishOnceAsync(
        ChannelPublishRequest request,
        string channel,
        Func<ContentFields, string, CancellationToken, Task<ChannelDelivery>> deliver,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(deliver);

        // Read before the connection is held: a second connection taken while holding the first is how a busy pool deadlocks.
        var source = await versions.GetAsync(request.RunId, request.Version, cancellationToken).ConfigureAwait(false);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))",
            new { key = $"publication/{request.IdempotencyKey}" },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(int Version, string Slug, string Location, string? RemoteId)>(new CommandDefinition(
            "SELECT version, slug, location, remote_id FROM publications WHERE idempotency_key = @key",
            new { key = request.IdempotencyKey },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var found = rows.FirstOrDefault();
        if (found.Slug is not null)
        {
            LogAlreadyPublished(request.IdempotencyKey, channel, found.Location);
            return new Publication(found.Version, found.Slug, found.Location, AlreadyPublished: true) { Channel = channel, RemoteId = found.RemoteId };
        }

        var slug = await slugs.ClaimAsync(connection, transaction, request.Project.Id, request.RunId, source.Fields.Title, request.Language, cancellationToken).ConfigureAwait(false);
        var delivery = await deliver(source.Fields, slug, cancellationToken).ConfigureAwait(false);

        var publishedVersion = await versions.AddAsync(connection, transaction, request.RunId, ContentVersionKind.Published, source.Fields, source.Version, request.SnapshotKey, cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO publications (idempotency_key, project_id, run_id, version, channel, slug, title, location, remote_id, published_at)
            VALUES (@key, @projectId, @runId, @publishedVersion, @channel, @slug, @title, @location, @remoteId, @now)
            """,
            new
            {
                key = request.IdempotencyKey,
                projectId = request.Project.Id,
                runId = request.RunId,
                publishedVersion,
                channel,
                slug,
                title = source.Fields.Title,
                location = delivery.Location,
                remoteId = delivery.RemoteId,
                now = timeProvider.GetUtcNow().UtcDateTime,
            },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogPublished(request.RunId, request.Version, channel, delivery.Location, delivery.RemoteId);
        return new Publication(publishedVersion, slug, delivery.Location, AlreadyPublished: false) { Channel = channel, RemoteId = delivery.RemoteId };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: published v{Version} to {Channel} at {Location} (remote id {RemoteId})")]
    private partial void LogPublished(Guid runId, int version, string channel, string location, string? remoteId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Publication {IdempotencyKey} to {Channel} already exists at {Location}; nothing sent")]
    private partial void LogAlreadyPublished(string idempotencyKey, string channel, string location);
}
