using System.Collections.Concurrent;
using System.Text;
using ContentFlows.Activities.Content;
using ContentFlows.Activities.Projects;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ContentFlows.Activities.Publishing;

/// <summary>
/// Publishes versions as static HTML: one page per slug plus a regenerated index per project. The publication row,
/// keyed by an idempotency key, is inserted in the same transaction that covers the file writes, so a retried
/// publish that finds its row writes nothing.
/// </summary>
public sealed partial class StaticSitePublisher(NpgsqlDataSource dataSource, ContentVersionStore versions, ContentSlugStore slugs, StaticSiteOptions options, TimeProvider timeProvider, ILogger<StaticSitePublisher> logger)
{
    /// <summary>The ending of the file, beside each page, that lists the page's marketing variants .</summary>
    public const string VariantsPageSuffix = ".variants.html";

    private static readonly UTF8Encoding Utf8WithoutBom = new(encoderShouldEmitUTF8Identifier: false);

    // One publisher per project in this process waits on the database lock; the others wait here, holding no pooled
    // connection, so a batch publishing hundreds of items at once cannot drain the pool the other stages need.
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> projectGates = new();

    /// <summary>Publishes <paramref name="version"/> of a run, once per <paramref name="idempotencyKey"/>, under the slug the run claims (see <see cref="ContentSlugStore"/>).</summary>
    public async Task<Publication> PublishAsync(Project project, Guid runId, int version, string idempotencyKey, string? language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        options.Validate();

        // Read before any connection is held: versions never change, and a second connection taken while holding the
        // first (and the lock) is how a busy pool deadlocks.
        var source = await versions.GetAsync(runId, version, cancellationToken).ConfigureAwait(false);
        var gate = projectGates.GetOrAdd(project.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await PublishLockedAsync(project, runId, version, source, idempotencyKey, language, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<Publication> PublishLockedAsync(Project project, Guid runId, int version, ContentVersion source, string idempotencyKey, string? language, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Serialises publishers of one project (across workers) so page numbers and the index stay consistent.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", new { key = $"publish/{project.Id}" }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var existing = (await connection.QueryAsync<(int Version, string Slug, string Location)>(new CommandDefinition(
            "SELECT version, slug, location FROM publications WHERE idempotency_key = @idempotencyKey",
            new { idempotencyKey },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).FirstOrDefault();
        if (existing.Slug is not null)
        {
            LogAlreadyPublished(idempotencyKey, existing.Location);
            return new Publication(existing.Version, existing.Slug, existing.Location, AlreadyPublished: true);
        }

        var projectFolder = SiteFolder(project);
        var claimed = await slugs.ClaimAsync(connection, transaction, project.Id, runId, source.Fields.Title, language, cancellationToken).ConfigureAwait(false);
        var page = await PageAsync(connection, transaction, project.Id, claimed, projectFolder, cancellationToken).ConfigureAwait(false);
        var slug = page.Slug;
        var location = page.Location;
        var publishedVersion = await versions.AddAsync(connection, transaction, runId, ContentVersionKind.Published, source.Fields, source.Version, $"publish:{idempotencyKey}", cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO publications (idempotency_key, project_id, run_id, version, channel, slug, title, location, published_at)
            VALUES (@idempotencyKey, @projectId, @runId, @publishedVersion, @channel, @slug, @title, @location, @now);
            INSERT INTO static_pages (project_id, slug, location, title, run_id, sequence, updated_at)
            VALUES (@projectId, @slug, @location, @title, @runId, @sequence, @now)
            ON CONFLICT (project_id, slug) DO UPDATE SET title = EXCLUDED.title, updated_at = EXCLUDED.updated_at;
            """,
            new { idempotencyKey, projectId = project.Id, runId, publishedVersion, channel = PublishChannelTypes.StaticFiles, slug, title = source.Fields.Title, location, now, sequence = page.Sequence },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);

        var folder = Path.Combine(options.RootDirectory, projectFolder);
        Directory.CreateDirectory(folder);
        await WriteAtomicallyAsync(Path.Combine(folder, slug + ".html"), PageHtml(source.Fields), cancellationToken).ConfigureAwait(false);
        await WriteIndexAsync(connection, transaction, project, folder, page.Sequence, cancellationToken).ConfigureAwait(false);

        // The variants go beside the page, for the content team; a version without any leaves no stale file behind.
        var variantsPath = Path.Combine(folder, slug + VariantsPageSuffix);
        if (source.Fields.Variants.Count > 0)
        {
            await WriteAtomicallyAsync(variantsPath, ContentHtml.VariantsPage(source.Fields), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            File.Delete(variantsPath);
        }

        // If the commit fails the retry writes the same bytes again: the files never diverge from the rows.
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogPublished(runId, version, location);
        return new Publication(publishedVersion, slug, location, AlreadyPublished: false);
    }

    /// <summary>Pages the index lists itself, newest first; older pages are reached through the archive chunks.</summary>
    public const int IndexPageCount = 100;

    /// <summary>Pages per archive chunk (<c>index-archive-N.html</c>, in the order pages first appeared).</summary>
    public const int ArchiveChunkSize = 1000;

    // The slug is the run's (claimed above), so a page under it is the run's own from an earlier version: it keeps its number.
    private static async Task<(string Slug, string Location, long Sequence)> PageAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid projectId, string slug, string projectFolder, CancellationToken cancellationToken)
    {
        var sequence = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT COALESCE((SELECT sequence FROM static_pages WHERE project_id = @projectId AND slug = @slug),
                            (SELECT COALESCE(MAX(sequence), 0) + 1 FROM static_pages WHERE project_id = @projectId))
            """,
            new { projectId, slug },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return (slug, $"{projectFolder}/{slug}.html", sequence);
    }

    // Rewrites index.html (the newest pages and the archive links) and the one archive chunk holding this page: a
    // bounded amount of work per publish however large the site grows.
    private static async Task WriteIndexAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Project project, string folder, long sequence, CancellationToken cancellationToken)
    {
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MAX(sequence), 0) FROM static_pages WHERE project_id = @projectId",
            new { projectId = project.Id },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var newest = await connection.QueryAsync<(string Title, string Location)>(new CommandDefinition(
            "SELECT title, location FROM static_pages WHERE project_id = @projectId ORDER BY sequence DESC LIMIT @count",
            new { projectId = project.Id, count = IndexPageCount },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var chunks = total > IndexPageCount ? (int)((total + ArchiveChunkSize - 1) / ArchiveChunkSize) : 0;
        await WriteAtomicallyAsync(Path.Combine(folder, "index.html"), IndexHtml(project.Name, newest, chunks), cancellationToken).ConfigureAwait(false);
        if (chunks == 0)
        {
            return;
        }

        // The chunk holding this page changed; any other chunk is written only if missing (the site crossed the
        // threshold just now, or its pages predate the archive), so every link in the index leads somewhere.
        var changed = (int)((sequence - 1) / ArchiveChunkSize) + 1;
        for (var chunk = 1; chunk <= chunks; chunk++)
        {
            var path = Path.Combine(folder, ArchiveFileName(chunk));
            if (chunk != changed && File.Exists(path))
            {
                continue;
            }

            var entries = await connection.QueryAsync<(string Title, string Location)>(new CommandDefinition(
                "SELECT title, location FROM static_pages WHERE project_id = @projectId AND sequence BETWEEN @from AND @to ORDER BY sequence",
                new { projectId = project.Id, from = ((long)(chunk - 1) * ArchiveChunkSize) + 1, to = (long)chunk * ArchiveChunkSize },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            await WriteAtomicallyAsync(path, ArchiveHtml(project.Name, chunk, entries), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The project's folder: its slug, which the API accepts only when it is already URL-safe (so distinct slugs
    /// are distinct folders). A slug stored before that rule that is not (<c>acme-demo-</c>) gets its project id
    /// appended, so it can never write into the folder of the project whose slug it collapses to.
    /// </summary>
    public static string SiteFolder(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var folder = Slug.From(project.Slug);
        return folder == project.Slug ? folder : $"{folder}-{project.Id:N}";
    }

    private static string ArchiveFileName(int chunk) => $"index-archive-{chunk}.html";

    /// <summary>Reads where a run's versions were published, on every channel, in order.</summary>
    public async Task<IReadOnlyList<Publication>> ListAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(int Version, string Slug, string Location, string Channel, string? RemoteId)>(new CommandDefinition(
            "SELECT version, slug, location, channel, remote_id FROM publications WHERE run_id = @runId ORDER BY published_at, version",
            new { runId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new Publication(r.Version, r.Slug, r.Location, AlreadyPublished: false) { Channel = r.Channel, RemoteId = r.RemoteId }).ToList();
    }

    private static string Encode(string text) => ContentHtml.Encode(text);

    private static string PageHtml(Workflows.Pipelines.ContentFields fields)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>").Append(Encode(fields.Title)).Append("</title>\n")
            .Append("<meta name=\"description\" content=\"").Append(Encode(fields.MetaDescription)).Append("\">\n")
            .Append("</head>\n<body>\n<h1>").Append(Encode(fields.H1)).Append("</h1>\n");
        return ContentHtml.AppendBody(html, fields).Append("</body>\n</html>\n").ToString();
    }

    private static string IndexHtml(string projectName, IEnumerable<(string Title, string Location)> pages, int archiveChunks)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(projectName)).Append("</title>\n</head>\n<body>\n");
        AppendLinks(html, pages);
        if (archiveChunks > 0)
        {
            html.Append("<nav>\n<h2>All pages</h2>\n<ul>\n");
            for (var chunk = 1; chunk <= archiveChunks; chunk++)
            {
                html.Append("<li><a href=\"").Append(ArchiveFileName(chunk)).Append("\">Pages ")
                    .Append(((chunk - 1) * ArchiveChunkSize) + 1).Append('–').Append(chunk * ArchiveChunkSize).Append("</a></li>\n");
            }

            html.Append("</ul>\n</nav>\n");
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    private static string ArchiveHtml(string projectName, int chunk, IEnumerable<(string Title, string Location)> pages)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(projectName)).Append(" — pages ")
            .Append(((chunk - 1) * ArchiveChunkSize) + 1).Append('–').Append(chunk * ArchiveChunkSize).Append("</title>\n</head>\n<body>\n<p><a href=\"index.html\">Newest pages</a></p>\n");
        AppendLinks(html, pages);
        return html.Append("</body>\n</html>\n").ToString();
    }

    private static void AppendLinks(StringBuilder html, IEnumerable<(string Title, string Location)> pages)
    {
        html.Append("<ul>\n");
        foreach (var (title, location) in pages)
        {
            html.Append("<li><a href=\"").Append(Encode(Path.GetFileName(location))).Append("\">").Append(Encode(title)).Append("</a></li>\n");
        }

        html.Append("</ul>\n");
    }

    // Readers never see a half-written page: write beside it, then rename over it.
    private static async Task WriteAtomicallyAsync(string path, string content, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, content, Utf8WithoutBom, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: published v{Version} to {Location}")]
    private partial void LogPublished(Guid runId, int version, string location);

    [LoggerMessage(Level = LogLevel.Information, Message = "Publication {IdempotencyKey} already exists at {Location}; nothing written")]
    private partial void LogAlreadyPublished(string idempotencyKey, string location);
}
