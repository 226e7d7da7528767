using ModelOpsPortal.Domain;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>Display names for inventory enums where the identifier is not what a reader expects.</summary>
public static class Labels
{
    public static string Language(ModelLanguage language) => language == ModelLanguage.CSharp ? "C#" : language.ToString();
}
