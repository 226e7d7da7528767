using Microsoft.AspNetCore.Http.HttpResults;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Auth;

namespace ModelOpsPortal.Features.Kpis;

/// <summary>The executive KPIs as JSON and CSV, for the BI tools executives already use.</summary>
public static class KpisApi
{
    public static IEndpointRouteBuilder MapKpisApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/kpis", Get).WithTags("KPIs").WithName("GetKpis")
            .WithSummary("Every figure of the KPI dashboard (portfolio, reach, time to production, approval cycle times, health, revalidation, training data age, throughput per quarter); filters businessUnit and riskTier. Each model count's drill-down is GET /api/models?kpi=<set> with the same filters.")
            .RequireAuthorization(Policies.ReadPortfolio);
        app.MapGet("/api/kpis.csv", Csv).WithTags("KPIs").WithName("ExportKpis")
            .WithSummary("The same figures as long-format CSV (section, item, measure, value), culture-invariant.")
            .RequireAuthorization(Policies.ReadPortfolio);
        return app;
    }

    public static async Task<Results<Ok<KpiReport>, ValidationProblem>> Get(string? businessUnit, string? riskTier, KpiService kpis, CancellationToken ct)
    {
        return TypedResults.Ok(await kpis.ReportAsync(Filter(businessUnit, riskTier), ct));
    }

    public static async Task Csv(string? businessUnit, string? riskTier, KpiService kpis, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        KpiFilter filter;
        try
        {
            filter = Filter(businessUnit, riskTier);
        }
        catch (InputRejectedException e)
        {
            await ApiResults.Invalid(e).ExecuteAsync(http);
            return;
        }

        var report = await kpis.ReportAsync(filter, ct);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"kpis-{clock.GetUtcNow():yyyyMMdd}.csv\"";
        await KpiCsv.WriteAsync(report, http.Response.BodyWriter.AsStream());
    }

    /// <exception cref="InputRejectedException">An unknown risk tier.</exception>
    public static KpiFilter Filter(string? businessUnit, string? riskTier) => new(
        string.IsNullOrWhiteSpace(businessUnit) ? null : businessUnit.Trim(),
        string.IsNullOrWhiteSpace(riskTier) ? null
        : Enum.TryParse<RiskTier>(riskTier.Trim(), ignoreCase: true, out var tier) && Enum.IsDefined(tier) ? tier
        : throw InputRejectedException.For("riskTier", KpiMessages.Format(KpiMessages.UnknownRiskTier, riskTier)));
}
