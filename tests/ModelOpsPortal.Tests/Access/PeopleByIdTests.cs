using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Audit;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Features.Lifecycle;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Access;

/// <summary>
/// People are keyed by their provider's stable id, with the display name beside it (issue #23, item 12): a person the
/// provider renames is still themselves, two people with one name are two people, and records from before ids were kept
/// are still compared by name.
/// </summary>
[Trait("Category", "Database")]
public sealed class PeopleByIdTests : IDisposable
{
    private const string HanaId = "00u-hana";
    private const string DanielId = "00u-daniel";

    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestInventory Inventory => new(portal.Services);

    private CreateRequest Requests => portal.Services.GetRequiredService<CreateRequest>();
    private DecideRequest Decisions => portal.Services.GetRequiredService<DecideRequest>();
    private RequestQueries Queries => portal.Services.GetRequiredService<RequestQueries>();

    private Task SignedInAsync(string id, string name) =>
        portal.Services.GetRequiredService<PeopleDirectory>().RecordAsync(id, name, null, serviceAccount: false, Ct);

    private static Actor Hana(string name = "Hana Kim") => new(name, [PortalRoles.DataScientist], HanaId);

    /// <summary>A Medium-tier model owned by Hana and developed by Daniel, with v1 awaiting validation at Hana's request.</summary>
    private async Task<(ModelDetails Model, int Request)> RequestedAsync(string name)
    {
        await SignedInAsync(HanaId, "Hana Kim");
        await SignedInAsync(DanielId, "Daniel Okafor");
        var input = Inputs.Model(name);
        input.RiskTier = RiskTier.Medium;
        input.Owner = "Hana Kim";
        input.Developers = ["Daniel Okafor"];
        var model = await Inventory.RegisterModelAsync(input, Hana(), Ct);
        await Inventory.RegisterVersionAsync(model.Id, Inputs.Version(), "svc:training", Ct);
        var request = await Requests.CreateAsync(model.Id, 1, new RequestInput("validation", "Development complete."), Hana(), Ct);
        return (model, request!.Id);
    }

    [Fact]
    public async Task Names_typed_for_owner_and_developers_are_linked_to_the_people_who_signed_in_under_them()
    {
        var (model, _) = await RequestedAsync("Linked scorecard");

        Assert.Equal(HanaId, model.OwnerId);
        Assert.Equal([DanielId], model.DeveloperIds);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var request = await db.Requests.SingleAsync(r => r.ModelId == model.Id, Ct);
        Assert.Equal(HanaId, request.RequestedById);
        Assert.Equal([DanielId], request.DeveloperIds);
    }

    [Fact]
    public async Task A_developer_the_provider_renamed_is_still_excluded_from_deciding()
    {
        var (_, request) = await RequestedAsync("Renamed developer scorecard");
        var renamed = new Actor("D. Okafor-Mensah", [PortalRoles.Validator], DanielId);

        var refused = await Assert.ThrowsAsync<ForbiddenException>(() =>
            Decisions.DecideAsync(request, DecisionKind.Approve, new DecisionInput("Looks fine."), renamed, Ct));

        Assert.Contains("v1", refused.Message, StringComparison.Ordinal);
        var view = await Queries.GetAsync(request, Ct);
        Assert.Equal(RequestStatus.Open, view!.Status);
        Assert.False(view.MayDecide(renamed));
    }

    [Fact]
    public async Task A_namesake_is_neither_excluded_like_the_developer_nor_the_owner()
    {
        var (model, request) = await RequestedAsync("Namesake scorecard");
        var otherDaniel = new Actor("Daniel Okafor", [PortalRoles.Validator], "00u-another-daniel");
        var otherHana = new Actor("Hana Kim", [PortalRoles.DataScientist], "00u-another-hana");

        // Another validator who happens to share the developer's name may decide: he did not develop the model.
        var decided = await Decisions.DecideAsync(request, DecisionKind.Approve, new DecisionInput("Independent review done."), otherDaniel, Ct);
        Assert.Equal(RequestStatus.Approved, decided!.Status);

        // Hana's namesake does not get her owner rights; Hana herself keeps them after the provider renames her.
        var edit = InventoryMapping.ToInput(model);
        edit.RiskTier = RiskTier.Low;
        await Assert.ThrowsAsync<ForbiddenException>(() => Inventory.UpdateModelAsync(model.Id, edit, null, otherHana, Ct));
        var updated = await Inventory.UpdateModelAsync(model.Id, edit, null, Hana("Hana Kim-Park"), Ct);
        Assert.Equal(RiskTier.Low, updated!.RiskTier);
        Assert.Equal(HanaId, updated.OwnerId);
    }

    [Fact]
    public async Task A_name_two_people_share_is_refused_naming_their_ids_and_either_id_is_accepted()
    {
        await SignedInAsync("00u-min-1", "Min Lee");
        await SignedInAsync("00u-min-2", "Min Lee");
        var input = Inputs.Model("Shared name scorecard");
        input.Owner = "Hana Kim";
        input.Developers = ["Min Lee"];

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Inventory.RegisterModelAsync(input, Hana(), Ct));
        Assert.Contains("00u-min-1", refused.Errors["developers[0]"][0], StringComparison.Ordinal);
        Assert.Contains("00u-min-2", refused.Errors["developers[0]"][0], StringComparison.Ordinal);

        input.Developers = ["00u-min-2"];
        var model = await Inventory.RegisterModelAsync(input, Hana(), Ct);
        Assert.Equal(["Min Lee"], model.Developers);
        Assert.Equal(["00u-min-2"], model.DeveloperIds);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal(1, await db.Models.CountAsync(Ct));
    }

    [Fact]
    public async Task Records_from_before_ids_were_kept_are_still_compared_by_name()
    {
        var (model, request) = await RequestedAsync("Legacy scorecard");
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct))
        {
            // As the migration leaves rows written before this change: names only.
            await db.Models.Where(m => m.Id == model.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.DeveloperIds, new List<string>()).SetProperty(m => m.OwnerId, (string?)null), Ct);
            await db.Requests.Where(r => r.Id == request).ExecuteUpdateAsync(s => s.SetProperty(r => r.DeveloperIds, new List<string>()).SetProperty(r => r.RequestedById, (string?)null), Ct);
        }

        var danielByName = new Actor("Daniel Okafor", [PortalRoles.Validator], "00u-whoever");
        await Assert.ThrowsAsync<ForbiddenException>(() => Decisions.DecideAsync(request, DecisionKind.Approve, new DecisionInput("Fine."), danielByName, Ct));

        // Nobody holds owner rights by a name alone: only a validator may change an unlinked model's governance.
        var edit = InventoryMapping.ToInput((await Inventory.GetModelAsync(model.Id, Ct))!);
        edit.RiskTier = RiskTier.High;
        var unlinked = await Assert.ThrowsAsync<ForbiddenException>(() => Inventory.UpdateModelAsync(model.Id, edit, null, Hana(), Ct));
        Assert.Contains("not linked to a sign-in", unlinked.Message, StringComparison.Ordinal);
        var relinked = await Inventory.UpdateModelAsync(model.Id, edit, null, new Actor("Priya Raman", [PortalRoles.Validator], "00u-priya"), Ct);
        Assert.Equal(HanaId, relinked!.OwnerId); // a validator's save links the owner who has signed in since
        Assert.Equal([DanielId], relinked.DeveloperIds);
    }

    [Fact]
    public async Task Signing_in_enters_the_person_and_the_audit_log_records_their_id_under_the_hash()
    {
        using var development = new PortalFactory(environment: "Development");
        using var hana = await development.SignedInClientAsync("hana.kim");
        using var auditor = await development.SignedInClientAsync("aisha.bello");

        var me = JsonDocument.Parse(await hana.GetStringAsync("/api/me", Ct)).RootElement;
        var created = await hana.PostAsJsonAsync("/api/models", Inputs.Model("Signed-in scorecard"), Inputs.Json, Ct);

        Assert.Equal("hana.kim", me.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var model = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("hana.kim", model.GetProperty("ownerId").GetString()); // the form's owner is her own name
        var events = JsonDocument.Parse(await auditor.GetStringAsync("/api/audit?actor=hana.kim", Ct)).RootElement.GetProperty("items");
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("action").GetString() == "model.created" && e.GetProperty("actorId").GetString() == "hana.kim");
        Assert.True((await development.Services.GetRequiredService<AuditService>().VerifyAsync(Ct)).Intact);

        // The id is part of what the hash covers: changing it is tampering.
        await using (var db = await development.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct))
        {
            Assert.Equal("Hana Kim", (await db.People.SingleAsync(p => p.Id == "hana.kim", Ct)).DisplayName);
            await db.AuditEvents.Where(e => e.ActorId == "hana.kim").ExecuteUpdateAsync(s => s.SetProperty(e => e.ActorId, "00u-someone-else"), Ct);
        }

        var verification = await development.Services.GetRequiredService<AuditService>().VerifyAsync(Ct);
        Assert.False(verification.Intact);
        Assert.Equal("content", verification.Problem);
    }
}
