using ContentFlows.Activities.Persistence;
using ContentFlows.Api.Access;
using ContentFlows.Api.Infrastructure;
using Dapper;
using Npgsql;

namespace ContentFlows.Api.Keys;

/// <summary>
/// <c>create-key</c>: creates an API key for a project found by its slug and prints the key (only) on stdout, once.
/// eng/run.sh uses it for the demo project's reviewer key. A live key of the same name is revoked first.
/// </summary>
internal static class CreateKeyCommand
{
    public const string Name = "create-key";

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string> options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var request = new CreateApiKeyRequest(options.GetValueOrDefault("--name"), options.GetValueOrDefault("--role", "reviewer"));
        var errors = new ValidationErrors();
        var role = ApiKeysApi.Validate(request, errors);
        errors.Required("--project-slug", options.GetValueOrDefault("--project-slug"));
        if (!errors.IsEmpty)
        {
            foreach (var (field, messages) in errors.ToDictionary())
            {
                await error.WriteLineAsync($"{field} {string.Join("; ", messages)}").ConfigureAwait(false);
            }

            return 2;
        }

        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        var slug = options["--project-slug"];
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var projectId = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM projects WHERE slug = @slug", new { slug }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (projectId is null)
        {
            await error.WriteLineAsync($"No project with slug \"{slug}\" (the demo creates \"acme-demo\"; eng/run.sh runs it).").ConfigureAwait(false);
            return 1;
        }

        // Names are unique among live keys: a fresh key of a name replaces the old one (eng/run.sh asks on every start).
        var keys = services.GetRequiredService<ApiKeyStore>();
        await keys.RevokeByNameAsync(projectId.Value, request.Name!.Trim(), cancellationToken).ConfigureAwait(false);
        var (_, plaintext) = await keys.CreateAsync(projectId.Value, request.Name!.Trim(), role, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(plaintext).ConfigureAwait(false);
        return 0;
    }
}
