using Npgsql;

namespace ContentFlows.Activities.Persistence;

/// <summary>Builds the data source every store uses; the search path points at the app schema so SQL stays unqualified.</summary>
internal static class ContentFlowsDataSourceFactory
{
    public static NpgsqlDataSource Create(ContentFlowsDatabaseOptions options)
    {
        options.Validate();
        // The stores keep no session state (locks and search paths are transaction-scoped), so a pooled connection needs no
        // DISCARD ALL on its way back, and the few statements every activity runs stay prepared instead of parsed and
        // planned on each call.
        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            SearchPath = options.Schema,
            NoResetOnClose = true,
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
        };
        return new NpgsqlDataSourceBuilder(connection.ConnectionString).Build();
    }
}
