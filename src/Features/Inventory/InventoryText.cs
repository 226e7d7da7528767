namespace ModelOpsPortal.Features.Inventory;

/// <summary>Texts of the inventory pages: InventoryText.resx (English) and InventoryText.ko.resx (Korean).</summary>
public sealed class InventoryText;
