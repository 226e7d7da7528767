using ModelOpsPortal.Infrastructure.DemoData;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>Settings of uploads (section <c>Evaluations</c>).</summary>
public sealed class EvaluationOptions
{
    public const string Section = "Evaluations";

    /// <summary>The largest baseline or batch body accepted (default 1 GiB; a million rows is about 80 MB). Beyond it: 413.</summary>
    public long MaxUploadBytes { get; set; } = 1L << 30;
}

public static class EvaluationsRegistration
{
    public static IServiceCollection AddEvaluations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EvaluationOptions>().Bind(configuration.GetSection(EvaluationOptions.Section))
            .Validate(o => o.MaxUploadBytes > 0, "Evaluations:MaxUploadBytes must be a positive number of bytes.")
            .ValidateOnStart();
        services.AddSingleton<IDemoDataContributor, DemoEvaluations>();
        services.AddSingleton<ComparisonService>();
        return services.AddSingleton<EvaluationService>();
    }
}
