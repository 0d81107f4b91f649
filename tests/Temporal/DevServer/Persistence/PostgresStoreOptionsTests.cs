using ContentFlows.Temporal.DevServer.Persistence.Postgres;

namespace ContentFlows.Temporal.DevServer.Tests.Persistence;

public sealed class PostgresStoreOptionsTests
{
    [Fact]
    public void Schema_NotSet_IsTemporalDev()
    {
        Assert.Equal("temporal_dev", new PostgresStoreOptions("Host=localhost").Schema);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_MissingConnectionString_NamesPropertyAndValue(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgresStoreOptions(value).Validate());

        Assert.Equal(nameof(PostgresStoreOptions.ConnectionString), error.ParamName);
        Assert.Contains($"PostgresStoreOptions.ConnectionString is required; was '{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MalformedConnectionString_NamesPropertyWithoutEchoingThePassword()
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgresStoreOptions("Host=x;Password=s3cret;NoSuchKeyword=1").Validate());

        Assert.Equal(nameof(PostgresStoreOptions.ConnectionString), error.ParamName);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Temporal")]
    [InlineData("temporal-dev")]
    [InlineData("1st")]
    [InlineData("pg_store")]
    [InlineData("x\"; DROP SCHEMA public; --")]
    public void Validate_BadSchema_NamesPropertyAndValue(string schema)
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgresStoreOptions("Host=localhost") { Schema = schema }.Validate());

        Assert.Equal(nameof(PostgresStoreOptions.Schema), error.ParamName);
        Assert.Contains($"PostgresStoreOptions.Schema must be", error.Message, StringComparison.Ordinal);
        Assert.Contains($"was '{schema}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GoodValues_DoesNotThrow()
    {
        new PostgresStoreOptions("Host=localhost;Username=u;Password=p") { Schema = "app_temporal_2" }.Validate();
    }
}
