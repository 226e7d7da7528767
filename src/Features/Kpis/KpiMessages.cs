using System.Resources;
using System.Runtime.CompilerServices;
using ModelOpsPortal.Infrastructure;

namespace ModelOpsPortal.Features.Kpis;

/// <summary>Error messages of the KPI parameters in the current UI culture (KpiMessages.resx, .ko.resx).</summary>
public static class KpiMessages
{
    private static readonly ResourceManager Resources = new(typeof(KpiMessages));

    public static string UnknownRiskTier => Get();

    public static string Format(string text, params object?[] args) => ResourceText.Format(text, args);

    private static string Get([CallerMemberName] string key = "") => ResourceText.Get(Resources, key);
}
