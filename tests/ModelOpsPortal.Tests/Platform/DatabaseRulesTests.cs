using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>Rules the database itself enforces, on a real SQLite file migrated like production.</summary>
[Trait("Category", "Database")]
public sealed class DatabaseRulesTests : IDisposable
{
    private readonly TestDatabase database = new();

    public void Dispose() => database.Dispose();

    private async Task<int> ModelWithVersionsAsync(int count)
    {
        await using var db = database.CreateDbContext();
        var model = new Model { Name = "Retail PD scorecard" };
        for (var i = 0; i < count; i++)
        {
            model.AddVersion(new ModelVersion { TrainingDataset = new TrainingDataset { Name = "d" } });
        }

        db.Models.Add(model);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return model.Id;
    }

    [Fact]
    public async Task The_unique_index_rejects_a_second_champion_even_when_code_skips_the_domain_rule()
    {
        var modelId = await ModelWithVersionsAsync(2);
        await using (var db = database.CreateDbContext())
        {
            var v1 = await db.Versions.SingleAsync(v => v.ModelId == modelId && v.Number == 1, TestContext.Current.CancellationToken);
            v1.ProductionRole = ProductionRole.Champion;
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using (var db = database.CreateDbContext())
        {
            var v2 = await db.Versions.SingleAsync(v => v.ModelId == modelId && v.Number == 2, TestContext.Current.CancellationToken);
            v2.ProductionRole = ProductionRole.Champion;

            var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
            Assert.Contains(database.Provider == DatabaseProvider.Sqlite ? "UNIQUE constraint failed" : "UX_ModelVersions_OneChampionPerModel", error.InnerException?.Message, StringComparison.Ordinal);
        }

        await using var check = database.CreateDbContext();
        Assert.Equal(1, await check.Versions.CountAsync(v => v.ModelId == modelId && v.ProductionRole == ProductionRole.Champion, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Many_challengers_are_allowed_beside_one_champion()
    {
        var modelId = await ModelWithVersionsAsync(3);
        await using var db = database.CreateDbContext();
        var versions = await db.Versions.Where(v => v.ModelId == modelId).OrderBy(v => v.Number).ToListAsync(TestContext.Current.CancellationToken);
        versions[0].ProductionRole = ProductionRole.Challenger;
        versions[1].ProductionRole = ProductionRole.Challenger;
        versions[2].ProductionRole = ProductionRole.Champion;

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, await db.Versions.CountAsync(v => v.ModelId == modelId && v.ProductionRole != ProductionRole.None, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_second_version_with_the_same_number_is_rejected()
    {
        var modelId = await ModelWithVersionsAsync(1);
        await using var db = database.CreateDbContext();
        db.Versions.Add(new ModelVersion { ModelId = modelId, Number = 1, TrainingDataset = new TrainingDataset { Name = "d" } });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    private TestInventory Inventory() => new(database, database.Clock, new ModelOpsPortal.Infrastructure.Audit.AuditTrail(database.Clock));

    [Fact]
    public async Task A_stale_edit_is_refused_by_the_concurrency_stamp()
    {
        var service = Inventory();
        var model = await service.RegisterModelAsync(Inputs.Model(), "hana", TestContext.Current.CancellationToken);
        await service.UpdateModelAsync(model.Id, Inputs.Model("First edit"), model.ConcurrencyStamp, "hana", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            service.UpdateModelAsync(model.Id, Inputs.Model("Second edit"), model.ConcurrencyStamp, "daniel", TestContext.Current.CancellationToken));

        Assert.Contains("changed by someone else", error.Message, StringComparison.Ordinal);
        Assert.Equal("First edit", (await service.GetModelAsync(model.Id, TestContext.Current.CancellationToken))!.Name);
    }

    [Fact]
    public async Task Timestamps_come_back_as_utc()
    {
        var service = Inventory();
        var model = await service.RegisterModelAsync(Inputs.Model(), "hana", TestContext.Current.CancellationToken);

        var read = await service.GetModelAsync(model.Id, TestContext.Current.CancellationToken);

        Assert.Equal(DateTimeKind.Utc, read!.CreatedAt.Kind);
        Assert.Equal(TestDatabase.Now.UtcDateTime, read.CreatedAt);
    }
}
