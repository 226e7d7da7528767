namespace ModelOpsPortal.Features.Inventory;

/// <summary>The address of a training dataset's page (lineage's dataset pages answer it): each part of a path-like name escaped.</summary>
public static class DatasetAddress
{
    public static string Href(string name) => "/datasets/" + string.Join('/', name.Split('/').Select(Uri.EscapeDataString));
}
