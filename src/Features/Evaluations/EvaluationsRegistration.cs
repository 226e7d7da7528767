using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Infrastructure.Telemetry;
using ModelOpsPortal.Infrastructure.DemoData;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>Settings of uploads (section <c>Evaluations</c>).</summary>
public sealed class EvaluationOptions
{
    public const string Section = "Evaluations";

    /// <summary>The largest baseline or batch body accepted (default 1 GiB; a million rows is about 80 MB). Beyond it: 413.</summary>
    public long MaxUploadBytes { get; set; } = 1L << 30;
}

/// <summary>How fairness is judged (section <c>Fairness</c>); see <see cref="Engine.FairnessRules"/>.</summary>
public sealed class FairnessOptions
{
    public const string Section = "Fairness";

    public int MinGroupSize { get; set; } = 50;
    public double DisparateImpactFail { get; set; } = 0.8;
    public double DisparateImpactWarning { get; set; } = 0.9;
    public double EqualizedOddsWarning { get; set; } = 0.1;

    public Engine.FairnessRules ToRules() => new(MinGroupSize, DisparateImpactFail, DisparateImpactWarning, EqualizedOddsWarning);
}

public static class EvaluationsRegistration
{
    public static IServiceCollection AddEvaluations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EvaluationOptions>().Bind(configuration.GetSection(EvaluationOptions.Section))
            .Validate(o => o.MaxUploadBytes > 0, "Evaluations:MaxUploadBytes must be a positive number of bytes.")
            .ValidateOnStart();
        services.AddOptions<FairnessOptions>().Bind(configuration.GetSection(FairnessOptions.Section))
            .Validate(o => o.MinGroupSize >= 1 && o.DisparateImpactFail is > 0 and <= 1 && o.DisparateImpactWarning >= o.DisparateImpactFail
                           && o.DisparateImpactWarning <= 1 && o.EqualizedOddsWarning is > 0 and < 1,
                "Fairness: MinGroupSize must be at least 1, 0 < DisparateImpactFail <= DisparateImpactWarning <= 1, and 0 < EqualizedOddsWarning < 1.")
            .ValidateOnStart();
        services.AddSingleton<IDemoDataContributor, DemoEvaluations>();
        services.AddSingleton<ComparisonService>().AddSingleton<IApprovalEvidence, ApprovalEvidence>();
        services.AddPageSection<Components.ModelEvaluations>(PageSlot.ModelMain, order: 20, testId: "model-evaluations")
            .AddPageSection<Components.VersionFigures>(PageSlot.VersionTop, order: 20, testId: "version-figures", anchor: "figures")
            .AddPageSection<Components.VersionBaseline>(PageSlot.VersionBottom, order: 10, testId: "version-baseline", anchor: "baseline");
        // The service records its batches on the portal's meter (exported only when telemetry is configured).
        services.AddMetrics().TryAddSingleton<PortalTelemetry>();
        return services.AddSingleton<EvaluationQueries>().AddSingleton<UploadBaseline>().AddSingleton<UploadEvaluation>();
    }
}
