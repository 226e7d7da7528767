using ModelOpsPortal.Infrastructure;
using MudBlazor;

namespace ModelOpsPortal.App.Components;

/// <summary>How a page shows a service's refusal it has no field for: the rules refusing a person weigh as an error, a clash
/// with what someone else just did as a warning to read (it stays until closed).</summary>
public static class Refusals
{
    public static void Add(this ISnackbar snackbar, ServiceRefusedException refused)
    {
        ArgumentNullException.ThrowIfNull(snackbar);
        ArgumentNullException.ThrowIfNull(refused);
        snackbar.Add(refused.Summary, refused is ForbiddenException ? Severity.Error : Severity.Warning, o => o.RequireInteraction = true);
    }
}
