namespace ModelOpsPortal.Domain;

/// <summary>
/// An inventory entry for one business use, holding the fields a model-risk policy (SR 11-7) asks an
/// inventory to keep. Versions are numbered by the model itself so the rule lives in one place.
/// </summary>
public sealed class Model
{
    public int Id { get; private set; }
    public string Name { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string IntendedUse { get; set; } = "";
    public string Limitations { get; set; } = "";
    public string BusinessUnit { get; set; } = "";
    public string Owner { get; set; } = "";

    /// <summary>
    /// The owner's stable id (<see cref="Person"/>); null when the name matched no one who had signed in, or the model was
    /// registered before ids were kept. Owner rights go by this id only.
    /// </summary>
    public string? OwnerId { get; set; }

    public List<string> Developers { get; set; } = [];

    /// <summary>The developers' ids, position by position with <see cref="Developers"/>; "" where not known.</summary>
    public List<string> DeveloperIds { get; set; } = [];

    public PersonRef OwnerRef => new(OwnerId, Owner);
    public List<PersonRef> DeveloperRefs => PersonRef.Zip(Developers, DeveloperIds);
    public ModelType ModelType { get; set; }
    public RiskTier RiskTier { get; set; }
    public List<string> Tags { get; set; } = [];
    public List<string> SensitiveAttributes { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateOnly? NextValidationDue { get; set; }

    /// <summary>Optimistic concurrency token; a GUID works the same on SQLite and SQL Server.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public List<ModelVersion> Versions { get; } = [];

    public ModelVersion? Champion => Versions.SingleOrDefault(v => v.ProductionRole == ProductionRole.Champion);

    /// <summary>
    /// Adds a version with the next number (1, 2, 3… per model). Needs <see cref="Versions"/> loaded.
    /// The unique index on (ModelId, Number) catches a concurrent registration that raced this one.
    /// </summary>
    public ModelVersion AddVersion(ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.ParentVersion is int parent && Versions.All(v => v.Number != parent))
        {
            throw new ParentVersionMissingException(parent, [.. Versions.Select(v => v.Number).Order()]);
        }

        version.Number = NextVersionNumber();
        version.Model = this;
        Versions.Add(version);
        return version;
    }

    public int NextVersionNumber() => Versions.Count == 0 ? 1 : Versions.Max(v => v.Number) + 1;

    /// <summary>
    /// Makes the given version the champion; the previous champion, if any, becomes a challenger.
    /// Exactly one champion per model; the database enforces it too with a filtered unique index.
    /// </summary>
    public void MakeChampion(int number)
    {
        var next = Versions.SingleOrDefault(v => v.Number == number)
            ?? throw new DomainException("version", $"Version {number} does not exist for model '{Name}'.");
        var current = Champion;
        if (current == next)
        {
            return;
        }

        if (current is not null)
        {
            current.ProductionRole = ProductionRole.Challenger;
        }

        next.Stage = VersionStage.Production;
        next.ProductionRole = ProductionRole.Champion;
    }
}
