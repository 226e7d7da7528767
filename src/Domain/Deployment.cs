namespace ModelOpsPortal.Domain;

/// <summary>Where and when a version ran. Removed* is null while the deployment is live.</summary>
public sealed class Deployment
{
    public int Id { get; private set; }
    public int VersionId { get; set; }
    public ModelVersion? Version { get; set; }
    public DeploymentTarget Target { get; set; }
    public string Environment { get; set; } = "";
    public string Endpoint { get; set; } = "";
    public DateTime DeployedAt { get; set; }
    public string DeployedBy { get; set; } = "";
    public DateTime? RemovedAt { get; set; }
    public string? RemovedBy { get; set; }
    public bool IsLive => RemovedAt is null;
}
