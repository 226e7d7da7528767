using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Tests.Support;

/// <summary>The inventory's use cases side by side, for tests that arrange models and versions through the real services.</summary>
public sealed class TestInventory(InventoryQueries queries, RegisterModel registerModel, EditModel editModel, SetSensitiveAttributes attributes, RegisterVersion registerVersion)
{
    public TestInventory(IServiceProvider services)
        : this(services.GetRequiredService<InventoryQueries>(), services.GetRequiredService<RegisterModel>(), services.GetRequiredService<EditModel>(),
            services.GetRequiredService<SetSensitiveAttributes>(), services.GetRequiredService<RegisterVersion>())
    {
    }

    /// <summary>Without a container: the services over one database.</summary>
    public TestInventory(IDbContextFactory<PortalDbContext> database, TimeProvider clock, AuditTrail audit)
        : this(new InventoryQueries(database), new RegisterModel(database, clock, audit), new EditModel(database, clock, audit),
            new SetSensitiveAttributes(database, clock, audit), new RegisterVersion(database, clock, audit))
    {
    }

    public Task<ModelDetails?> GetModelAsync(int modelId, CancellationToken ct = default) => queries.GetModelAsync(modelId, ct);

    public Task<VersionDetails?> GetVersionAsync(int modelId, int number, CancellationToken ct = default) => queries.GetVersionAsync(modelId, number, ct);

    public Task<ModelDetails> RegisterModelAsync(ModelInput input, Actor actor, CancellationToken ct = default) => registerModel.RegisterModelAsync(input, actor, ct);

    public Task<ModelDetails?> UpdateModelAsync(int modelId, ModelInput input, Guid? expectedStamp, Actor actor, CancellationToken ct = default) =>
        editModel.UpdateModelAsync(modelId, input, expectedStamp, actor, ct);

    public Task<IReadOnlyList<string>?> SetSensitiveAttributesAsync(int modelId, IReadOnlyList<string>? names, Actor actor, bool isValidator, CancellationToken ct = default) =>
        attributes.SetSensitiveAttributesAsync(modelId, names, actor, isValidator, ct);

    public Task<VersionDetails?> RegisterVersionAsync(int modelId, VersionInput input, Actor actor, CancellationToken ct = default) =>
        registerVersion.RegisterVersionAsync(modelId, input, actor, ct);
}
