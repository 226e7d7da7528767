using Microsoft.Extensions.Localization;
using MudBlazor;

namespace ModelOpsPortal.App.Localization;

/// <summary>Korean for MudBlazor's own texts (pager, date picker…); MudBlazor's English is the fallback.</summary>
internal sealed class PortalMudLocalizer(IStringLocalizer<MudBlazorText> text) : MudLocalizer
{
    public override LocalizedString this[string key] => text[key];
}
