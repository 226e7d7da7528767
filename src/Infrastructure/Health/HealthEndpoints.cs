using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Infrastructure.Health;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: the database is reachable and fully migrated.
/// Anonymous, for load balancers and container health checks; they answer only Healthy or Unhealthy, never why
/// (the log has the reason).
/// </summary>
public static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapPortalHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous().ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains(Ready) }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private sealed class DatabaseReadyCheck(IDbContextFactory<PortalDbContext> dbFactory, ILogger<DatabaseReadyCheck> logger) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                if (!await db.Database.CanConnectAsync(cancellationToken))
                {
                    logger.LogWarning("Not ready: the database cannot be reached.");
                    return HealthCheckResult.Unhealthy();
                }

                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                if (pending.Count > 0)
                {
                    logger.LogWarning("Not ready: {Count} migrations are not applied ({Migrations}).", pending.Count, string.Join(", ", pending));
                    return HealthCheckResult.Unhealthy();
                }

                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Not ready: the database check failed.");
                return HealthCheckResult.Unhealthy();
            }
        }
    }
}
