namespace ModelOpsPortal.Domain;

/// <summary>A record of one model (a version, a request, a stage change): queries narrow such records to a set of models.</summary>
public interface IBelongsToModel
{
    int ModelId { get; }
}
