using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Publishing;

/// <summary>
/// Gives each run of a project its own slug, the same on every channel: the title's slug (see <see cref="Slug"/>) when
/// it is free or already the run's, else the first free of "slug-2", "slug-3", …. Claims are rows under the
/// (project, slug) key, so two runs publishing the same title at once cannot both get it.
/// </summary>
public sealed class ContentSlugStore(TimeProvider timeProvider)
{
    /// <summary>Claims the slug of <paramref name="title"/> for the run, inside the caller's transaction.</summary>
    public async Task<string> ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid projectId, Guid runId, string title, string? language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(title);
        var baseSlug = Slug.From(title, language);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        for (var attempt = 1; ; attempt++)
        {
            var slug = attempt == 1 ? baseSlug : $"{baseSlug}-{attempt}";

            // A concurrent claim of the same slug makes the insert wait for that transaction, then do nothing; the slug
            // is then another run's (or unseen by this statement's snapshot, which moves on to the next suffix as well).
            var owner = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                """
                WITH claimed AS (
                    INSERT INTO content_slugs (project_id, slug, run_id, claimed_at) VALUES (@projectId, @slug, @runId, @now)
                    ON CONFLICT (project_id, slug) DO NOTHING
                    RETURNING run_id)
                SELECT run_id FROM claimed
                UNION ALL
                SELECT run_id FROM content_slugs WHERE project_id = @projectId AND slug = @slug
                LIMIT 1
                """,
                new { projectId, slug, runId, now },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (owner == runId)
            {
                return slug;
            }
        }
    }
}
