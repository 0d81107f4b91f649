using Npgsql;

namespace ContentFlows.Activities.Persistence;

/// <summary>Builds the data source every store uses; the search path points at the app schema so SQL stays unqualified.</summary>
internal static class ContentFlowsDataSourceFactory
{
    public static NpgsqlDataSource Create(ContentFlowsDatabaseOptions options)
    {
        options.Validate();
        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString) { SearchPath = options.Schema };
        return new NpgsqlDataSourceBuilder(connection.ConnectionString).Build();
    }
}
