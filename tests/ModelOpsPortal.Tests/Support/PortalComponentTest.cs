using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.App;
using ModelOpsPortal.App.Components;
using ModelOpsPortal.App.Localization;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Features.Portfolio;
using ModelOpsPortal.Infrastructure.Data;
using MudBlazor;
using MudBlazor.Services;

namespace ModelOpsPortal.Tests.Support;

/// <summary>bUnit with MudBlazor (STACK-NOTES.md) and the portal's services over a real SQLite file.</summary>
public abstract class PortalComponentTest : BunitContext
{
    protected PortalComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddPortalLocalization();
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(Database);
        Services.AddSingleton<TimeProvider>(Database.Clock);
        Services.AddSingleton<ModelOpsPortal.Infrastructure.Audit.AuditTrail>();
        Services.AddInventory();
        Services.AddPortfolio(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        Services.AddPortalShell();
        // A data scientist by default: sees the register and edit actions.
        Authorization = AddAuthorization();
        Authorization.SetAuthorized("Hana Kim");
        Authorization.SetRoles(PortalRoles.DataScientist);
        Authorization.SetPolicies(Policies.SignedIn, Policies.ReadPortfolio, Policies.RegisterModels);
    }

    protected BunitAuthorizationContext Authorization { get; }

    /// <summary>
    /// Renders a component beside a popover provider (menus and select lists render nothing without one).
    /// Services can be replaced until the first call.
    /// </summary>
    protected IRenderedComponent<T> RenderWithProviders<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null)
        where T : IComponent
    {
        // Reading Renderer builds the service provider, so it waits until the services are final.
        Renderer.SetRendererInfo(new RendererInfo("Server", true));
        Render<MudPopoverProvider>();
        return parameters is null ? Render<T>() : Render(parameters);
    }

    protected TestDatabase Database { get; } = new();

    protected TestInventory Inventory => new(Services);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Database.Dispose();
        }
    }
}
