using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MyChatImposter.Storage;
using MyChatImposter.Storage.Mongo;
using MyChatImposter.Storage.Sqlite;

namespace MyChatImposter.Tests.Storage;

public sealed class StorageRegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Defaults_to_SQLite_under_data()
    {
        var options = Options();

        Assert.Equal(StorageProvider.Sqlite, options.Provider);
        Assert.Equal("data/mychatimposter.db", options.Sqlite.Path);
        Assert.Equal("chat_manager", options.MongoDb.Database);
    }

    [Fact]
    public void MongoDB_url_alone_selects_MongoDB()
    {
        var options = Options(("MONGODB_URL", "mongodb://db.example:27017"));

        Assert.Equal(StorageProvider.MongoDb, options.Provider);
        Assert.Equal("mongodb://db.example:27017", options.MongoDb.ConnectionString);
    }

    [Fact]
    public void An_explicit_provider_wins_over_MongoDB_url()
    {
        var options = Options(("MONGODB_URL", "mongodb://db.example:27017"), ("Storage:Provider", "Sqlite"));

        Assert.Equal(StorageProvider.Sqlite, options.Provider);
    }

    [Fact]
    public void An_explicit_connection_string_wins_over_MongoDB_url()
    {
        var options = Options(
            ("MONGODB_URL", "mongodb://from-env:27017"),
            ("Storage:Provider", "MongoDb"),
            ("Storage:MongoDb:ConnectionString", "mongodb://from-settings:27017"));

        Assert.Equal("mongodb://from-settings:27017", options.MongoDb.ConnectionString);
    }

    [Fact]
    public async Task MongoDB_without_a_connection_string_stops_the_host_at_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StartHostAsync(("Storage:Provider", "MongoDb")));

        Assert.Contains("no connection string", error.Message, StringComparison.Ordinal);
        Assert.Contains("MONGODB_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_connection_string_stops_the_host_without_echoing_it()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartHostAsync(
            ("Storage:Provider", "MongoDb"), ("Storage:MongoDb:ConnectionString", "http://user:secret@host")));

        Assert.Contains("not a valid MongoDB connection string", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_SQLite_path_stops_the_host_at_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StartHostAsync(("Storage:Sqlite:Path", "")));

        Assert.Contains("Storage:Sqlite:Path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configured_provider_decides_the_store()
    {
        using var sqlite = StorageTestHost.Build([new("Storage:Provider", "Sqlite")]);
        using var mongo = StorageTestHost.Build([new("MONGODB_URL", "mongodb://127.0.0.1:1")]);

        Assert.IsType<SqliteBotConfigurationStore>(sqlite.GetRequiredService<IBotConfigurationStore>());
        Assert.IsType<SqliteDatabase>(sqlite.GetRequiredService<IStorageDatabase>());
        // Building the MongoDB client does not connect; nothing is reached here.
        Assert.IsType<MongoBotConfigurationStore>(mongo.GetRequiredService<IBotConfigurationStore>());
        Assert.IsType<MongoDatabaseContext>(mongo.GetRequiredService<IStorageDatabase>());
    }

    // SQLite reports synchronous as 2 (FULL) or 1 (NORMAL); it is a per-connection setting, so it is read
    // back from a connection the database opens, the way every store gets one.
    [Theory]
    [InlineData(null, 2L)]
    [InlineData("Full", 2L)]
    [InlineData("Normal", 1L)]
    public async Task Every_connection_gets_the_configured_synchronous_setting(string? setting, long expected)
    {
        await using var database = new SqliteTestDatabase();
        var settings = database.StorageSettings().ToList();
        if (setting is not null)
        {
            settings.Add(new("Storage:Sqlite:Synchronous", setting));
        }
        using var services = StorageTestHost.Build(settings);
        await services.InitializeStorageAsync(Ct);
        var sqlite = (SqliteDatabase)services.GetRequiredService<IStorageDatabase>();

        // Twice: the second open reuses the pooled native connection, which keeps what the first set.
        for (var open = 0; open < 2; open++)
        {
            await using var connection = await sqlite.OpenConnectionAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous;";
            Assert.Equal(expected, (long)(await command.ExecuteScalarAsync(Ct))!);
            command.CommandText = "PRAGMA busy_timeout;";
            Assert.Equal(10_000L, (long)(await command.ExecuteScalarAsync(Ct))!);
        }
    }

    [Fact]
    public async Task An_unknown_synchronous_setting_stops_the_host_at_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartHostAsync(("Storage:Sqlite:Synchronous", "Sometimes")));

        Assert.Contains("Sometimes", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Registers_the_storage_health_check()
    {
        using var services = StorageTestHost.Build([]);

        var registrations = services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;

        Assert.Contains(registrations, r => r.Name == "storage");
    }

    [Fact]
    public async Task An_unreachable_MongoDB_is_reported_within_the_server_selection_timeout()
    {
        using var services = StorageTestHost.Build([new("MONGODB_URL", $"mongodb://127.0.0.1:{ClosedPort()}")]);
        var started = TimeProvider.System.GetTimestamp();

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);
        var initialize = await Assert.ThrowsAsync<StorageStartException>(() => services.InitializeStorageAsync(Ct));

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["storage"].Status);
        Assert.Contains("did not answer within 5 s", initialize.Message, StringComparison.Ordinal);
        // Two server selections of 5 s each, not the driver's default 30 s each.
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(25));
    }

    private static StorageOptions Options(params (string Key, string? Value)[] settings)
    {
        using var services = StorageTestHost.Build(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        return services.GetRequiredService<IOptions<StorageOptions>>().Value;
    }

    private static async Task StartHostAsync(params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Services.AddStorage(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync(Ct);
        await host.StopAsync(Ct);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
