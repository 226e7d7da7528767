namespace ModelOpsPortal.Features.Evaluations;

public static class EvaluationsRegistration
{
    public static IServiceCollection AddEvaluations(this IServiceCollection services) => services.AddSingleton<EvaluationService>();
}
