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
public sealed partial class StaticSitePublisher(NpgsqlDataSource dataSource, ContentVersionStore versions, StaticSiteOptions options, TimeProvider timeProvider, ILogger<StaticSitePublisher> logger)
{
    private static readonly UTF8Encoding Utf8WithoutBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Publishes <paramref name="version"/> of a run, once per <paramref name="idempotencyKey"/>.</summary>
    public async Task<Publication> PublishAsync(Project project, Guid runId, int version, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        options.Validate();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Serialises publishers of one project so the index is rebuilt from a consistent list.
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

        var source = await versions.GetAsync(runId, version, cancellationToken).ConfigureAwait(false);
        var slug = Slug.From(source.Fields.Title);
        var projectFolder = Slug.From(project.Slug);
        var location = $"{projectFolder}/{slug}.html";
        var publishedVersion = await versions.AddAsync(connection, transaction, runId, ContentVersionKind.Published, source.Fields, $"publish:{idempotencyKey}", cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO publications (idempotency_key, project_id, run_id, version, channel, slug, title, location, published_at)
            VALUES (@idempotencyKey, @projectId, @runId, @publishedVersion, @channel, @slug, @title, @location, @now)
            """,
            new { idempotencyKey, projectId = project.Id, runId, publishedVersion, channel = PublishChannelTypes.StaticFiles, slug, title = source.Fields.Title, location, now },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var pages = await connection.QueryAsync<(string Title, string Location)>(new CommandDefinition(
            "SELECT title, location FROM publications WHERE project_id = @projectId AND channel = @channel ORDER BY published_at DESC, title",
            new { projectId = project.Id, channel = PublishChannelTypes.StaticFiles },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);

        var folder = Path.Combine(options.RootDirectory, projectFolder);
        Directory.CreateDirectory(folder);
        await WriteAtomicallyAsync(Path.Combine(folder, slug + ".html"), PageHtml(source.Fields), cancellationToken).ConfigureAwait(false);
        await WriteAtomicallyAsync(Path.Combine(folder, "index.html"), IndexHtml(project.Name, pages), cancellationToken).ConfigureAwait(false);

        // If the commit fails the retry writes the same bytes again: the files never diverge from the rows.
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogPublished(runId, version, location);
        return new Publication(publishedVersion, slug, location, AlreadyPublished: false);
    }

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

    private static string IndexHtml(string projectName, IEnumerable<(string Title, string Location)> pages)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(projectName)).Append("</title>\n</head>\n<body>\n<ul>\n");
        foreach (var (title, location) in pages)
        {
            html.Append("<li><a href=\"").Append(Encode(Path.GetFileName(location))).Append("\">").Append(Encode(title)).Append("</a></li>\n");
        }

        return html.Append("</ul>\n</body>\n</html>\n").ToString();
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
