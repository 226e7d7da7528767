using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>
/// The fields that decide who may approve the model's versions and what is checked before they are: owner,
/// developers (separation of duties), risk tier (approvals needed) and sensitive attributes (the fairness gate).
/// </summary>
internal sealed record ModelGovernance(PersonRef Owner, IReadOnlyList<PersonRef> Developers, RiskTier RiskTier, IReadOnlyList<string> SensitiveAttributes)
{
    public static ModelGovernance Of(Model m) => new(m.OwnerRef, m.DeveloperRefs, m.RiskTier, [.. m.SensitiveAttributes]);

    public List<string> ChangedFields(ModelGovernance after)
    {
        List<string> changed = [];
        if (Owner.Key != after.Owner.Key)
        {
            changed.Add("owner");
        }

        if (!Developers.Select(d => d.Key).ToHashSet(StringComparer.Ordinal).SetEquals(after.Developers.Select(d => d.Key)))
        {
            changed.Add("developers");
        }

        if (RiskTier != after.RiskTier)
        {
            changed.Add("riskTier");
        }

        if (!SameSet(SensitiveAttributes, after.SensitiveAttributes))
        {
            changed.Add("sensitiveAttributes");
        }

        return changed;
    }

    public Dictionary<string, object> Only(IReadOnlyList<string> fields) => fields.ToDictionary(f => f, f => f switch
    {
        "owner" => (object)Owner,
        "developers" => Developers.ToList(),
        "riskTier" => RiskTier.ToString(),
        _ => SensitiveAttributes,
    });

    private static bool SameSet(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(b);

    /// <summary>
    /// A model edit that touches its governance fields is the owner's or a validator's (otherwise any data scientist could
    /// empty the sensitive attributes the dedicated endpoint refuses him, or lower the tier), and nobody takes their own
    /// name off the developers: separation of duties would otherwise be one edit away.
    /// </summary>
    public void ThrowIfChangeRefused(ModelGovernance after, IReadOnlyList<string> changed, Actor actor)
    {
        if (changed.Count == 0)
        {
            return;
        }

        if (!MayChange(actor))
        {
            throw new ForbiddenException("Not the owner or a validator", InventoryMessages.Format(
                Owner.HasId ? InventoryMessages.GovernanceOwnerOrValidator : InventoryMessages.GovernanceOwnerNotLinked,
                Owner.Name, string.Join(", ", changed)));
        }

        if (Developers.Any(actor.Is) && !after.Developers.Any(actor.Is))
        {
            throw new ForbiddenException("Separation of duties", InventoryMessages.Format(InventoryMessages.CannotRemoveSelfAsDeveloper, actor.Name));
        }
    }

    /// <summary>The owner, by id (a name could be anyone's), or a validator.</summary>
    public bool MayChange(Actor actor) =>
        actor.Roles.Contains(PortalRoles.Validator) || actor.HasId(Owner.Id);

    /// <summary>
    /// Links the owner and developers typed on the form to the people who signed in under those names or ids
    /// (<see cref="PeopleDirectory.ResolveAsync"/>); unchanged entries keep their ids.
    /// </summary>
    public static async Task LinkPeopleAsync(PortalDbContext db, Model model, ModelGovernance before, Actor actor, bool relink, CancellationToken ct)
    {
        var owner = (await PeopleDirectory.ResolveAsync(db, [model.Owner], [before.Owner], actor, relink, "owner", isList: false, ct))[0];
        var developers = await PeopleDirectory.ResolveAsync(db, model.Developers, before.Developers, actor, relink, "developers", isList: true, ct);
        model.Owner = owner.Name;
        model.OwnerId = owner.Id;
        model.Developers = [.. developers.Select(d => d.Name)];
        model.DeveloperIds = [.. developers.Select(d => d.Id ?? "")];
    }
}
