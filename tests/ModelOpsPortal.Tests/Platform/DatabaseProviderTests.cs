using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;

using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>Configuration chooses the provider; SQL Server is checked without a server.</summary>
[Trait("Category", "Database")]
public sealed class DatabaseProviderTests
{
    private static WebApplicationFactory<Program> Portal(string provider, string? connection) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("Database:Provider", provider);
            b.UseSetting("Database:MigrateOnStart", "false");
            b.UseSetting("ConnectionStrings:Portal", connection ?? "");
            PortalFactory.UseUnreachableProvider(b);
        });

    [Fact]
    public void SqlServer_is_registered_with_the_same_model_including_the_one_champion_index()
    {
        using var portal = Portal("SqlServer", "Server=db.invalid;Database=ModelOps;User Id=sa;Password=x;TrustServerCertificate=True");

        using var db = portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();

        Assert.IsType<SqlServerPortalDbContext>(db);
        Assert.Equal("Microsoft.EntityFrameworkCore.SqlServer", db.Database.ProviderName);
        var index = db.Model.FindEntityType(typeof(ModelVersion))!.GetIndexes().Single(i => i.GetDatabaseName() == "UX_ModelVersions_OneChampionPerModel");
        Assert.True(index.IsUnique);
        Assert.Equal("\"ProductionRole\" = 'Champion'", index.GetFilter());
        Assert.Contains(db.Database.GetMigrations(), m => m.EndsWith("_InitialInventory", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SqlServer")]
    [InlineData("Postgres")]
    public void A_server_provider_without_a_connection_string_refuses_to_start_and_says_what_to_set(string provider)
    {
        using var portal = Portal(provider, null);

        var error = Assert.Throws<OptionsValidationException>(() => portal.Services);

        Assert.Contains($"Database:Provider is {provider}", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Portal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_provider_is_named_in_the_error()
    {
        using var portal = Portal("Oracle", "x");

        var error = Assert.Throws<OptionsValidationException>(() => portal.Services);

        Assert.Contains("'Oracle'; use Sqlite (the embedded default), SqlServer or Postgres", error.Message, StringComparison.Ordinal);
    }
}
