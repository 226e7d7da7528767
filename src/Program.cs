using ModelOpsPortal.App;
using ModelOpsPortal.App.Localization;
using ModelOpsPortal.Features.Access;
using ModelOpsPortal.Features.Evaluations;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Features.Portfolio;
using ModelOpsPortal.Features.Kpis;
using ModelOpsPortal.Features.Audit;
using ModelOpsPortal.Features.Lifecycle;
using ModelOpsPortal.Features.Lineage;
using ModelOpsPortal.Features.Monitoring;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.DemoData;
using ModelOpsPortal.Infrastructure.Health;
using ModelOpsPortal.Infrastructure.ScaleOut;
using ModelOpsPortal.Infrastructure.Telemetry;
using ModelOpsPortal.Infrastructure.Web;
using MudBlazor.Services;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddMudServices();
builder.Services.AddPortalShell();
builder.Services.AddPortalLocalization();
builder.Services.AddPortalWebEdge(builder.Configuration);
builder.Services.AddOpenApi(o => o.DocumentIdempotencyKeys().DocumentEnumNames().DocumentTheContract());
builder.Services.AddBadRequestProblems();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddPortalDatabase(builder.Configuration, builder.Environment);
builder.Services.AddDemoData(builder.Configuration);
builder.Services.AddPortalAuthentication(builder.Configuration, builder.Environment);
builder.Services.AddPortalAuthorization();
builder.Services.AddAccess(builder.Configuration);
builder.Services.AddPortfolio(builder.Configuration);
builder.Services.AddInventory();
builder.Services.AddEvaluations(builder.Configuration);
builder.Services.AddMonitoring(builder.Configuration);
builder.Services.AddLifecycle(builder.Configuration);
builder.Services.AddAudit();
builder.Services.AddLineage();
builder.Services.AddKpis();
builder.Services.AddPortalHealthChecks();
builder.Services.AddPortalTelemetry(builder.Configuration);
builder.Services.AddPortalScaleOut(builder.Configuration);

var app = builder.Build();

if (await app.Services.RunPortalCommandAsync(app.Configuration, args))
{
    return;
}

await app.Services.InitializePortalDataAsync();
await app.Services.RecordKnownAccountsAsync();

app.UsePortalWebEdge();

// The API answers bare status codes with ProblemDetails; pages with the portal's own not-found page.
app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
// Routing after the status-code pages, so a re-executed request is routed to the not-found page.
// A model's name and a version's alias (champion, latest) become ids before routing picks the endpoint.
app.UseVersionAliases();
app.UseRouting();
app.UseBodyLimits();
app.UseRequestLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<CrossSiteGuard>();
app.Use(Correlation.WithUserAsync);
app.UseRateLimiter();
app.UseIdempotencyKeys();
app.UseBadRequestProblems();
app.UseAntiforgery();

app.MapStaticAssets();
// The contract is public: it describes operations, not data, and a pipeline's client generator must reach it without a key.
app.MapOpenApi().AllowAnonymous();
// Scalar's web fonts come from its CDN, which the Content-Security-Policy (and an offline site) does not reach.
app.MapScalarApiReference("/api/reference", o => o.DisableDefaultFonts()).AllowAnonymous();
app.MapPortalHealthChecks();
app.MapCultureSwitch();
// Every feature's API in one group: the services' refusals become 400/403/409 ProblemDetails in one place.
var api = app.MapGroup("").AddEndpointFilter<ServiceErrorFilter>();
api.MapAccessApi();
api.MapModelsApi();
api.MapEvaluationsApi();
api.MapMonitoringApi();
api.MapLifecycleApi();
api.MapAuditApi();
api.MapLineageApi();
api.MapKpisApi();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();

/// <summary>Entry point; public so that WebApplicationFactory can host the portal in tests.</summary>
public partial class Program;
