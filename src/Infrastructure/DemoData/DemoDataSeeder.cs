using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Infrastructure.DemoData;

/// <summary>The <c>Portal</c> section of the configuration.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Seed the demo portfolio into an empty database (true in Development, false otherwise).</summary>
    public bool SeedDemoData { get; set; }

    /// <summary>With the demo portfolio, also its monitoring history (evaluations, alerts, deployment figures): about 15 s more on first start.</summary>
    public bool SeedDemoMonitoring { get; set; } = true;
}

/// <summary>A feature's part of the demo data, written after the portfolio (for example monitoring history).</summary>
public interface IDemoDataContributor
{
    Task ContributeAsync(CancellationToken ct);
}

public sealed class DemoDataSeeder(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, IEnumerable<IDemoDataContributor> contributors,
    Microsoft.Extensions.Options.IOptions<PortalOptions> options, ILogger<DemoDataSeeder> logger)
{
    /// <returns>True when the portfolio was written; false when the database already had models.</returns>
    public async Task<bool> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Models.AnyAsync(ct))
        {
            return false;
        }

        var models = DemoPortfolio.Build(clock.GetUtcNow().UtcDateTime);
        db.Models.AddRange(models);
        var known = await db.People.Select(p => p.Id).ToListAsync(ct);
        db.People.AddRange(DemoPeople.Directory(
            models.SelectMany(m => m.Developers.Append(m.Owner).Concat(m.Versions.Select(v => v.CreatedBy))).Concat(DemoPeople.Validators),
            models.Min(m => m.CreatedAt)).Where(p => !known.Contains(p.Id)));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Several instances started on one empty database: the first to commit seeded it (model names are unique).
            if (!await AnotherInstanceSeededAsync(ct))
            {
                throw;
            }

            logger.LogInformation("Another instance seeded the demo portfolio first.");
            return false;
        }

        foreach (var contributor in options.Value.SeedDemoMonitoring ? contributors : [])
        {
            await contributor.ContributeAsync(ct);
        }

        logger.LogInformation("Seeded the demo portfolio: {Models} models, {Versions} versions.", models.Count, models.Sum(m => m.Versions.Count));
        return true;
    }

    private async Task<bool> AnotherInstanceSeededAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Models.AnyAsync(ct);
    }
}

public static class DemoDataRegistration
{
    public static IServiceCollection AddDemoData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PortalOptions>().Bind(configuration.GetSection(PortalOptions.Section));
        return services.AddSingleton<DemoDataSeeder>().AddSingleton<SyntheticPortfolio>();
    }

    /// <summary>
    /// Runs a command instead of the portal when the first argument names one:
    /// <c>generate-portfolio [--models 10000] [--seed 42]</c> migrates the configured database and writes the synthetic
    /// portfolio into it (it must be empty). Returns true when a command ran (the process should then exit).
    /// </summary>
    public static async Task<bool> RunPortalCommandAsync(this IServiceProvider services, IConfiguration configuration, string[] args, CancellationToken ct = default)
    {
        if (args.FirstOrDefault() != "generate-portfolio")
        {
            return false;
        }

        await DatabaseSetup.MigrateAsync(services, ct);
        var models = int.Parse(configuration["models"] ?? "10000", System.Globalization.CultureInfo.InvariantCulture);
        var seed = int.Parse(configuration["seed"] ?? "42", System.Globalization.CultureInfo.InvariantCulture);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (written, versions) = await services.GetRequiredService<SyntheticPortfolio>().GenerateAsync(models, seed, ct);
        await DatabaseSetup.OptimizeAsync(services, ct);
        Console.WriteLine($"Generated {written} models with {versions} versions in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s.");
        return true;
    }

    /// <summary>Migrates the database, seeds the demo portfolio when configured and the database is empty, refreshes planner statistics.</summary>
    public static async Task InitializePortalDataAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await DatabaseSetup.MigrateAsync(services, ct);
        if (services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PortalOptions>>().Value.SeedDemoData)
        {
            await services.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync(ct);
        }

        await DatabaseSetup.OptimizeAsync(services, ct);
    }
}
