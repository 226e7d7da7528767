using ModelOpsPortal.Features.Inventory;

namespace ModelOpsPortal.Features.Monitoring;

public static class MonitoringRegistration
{
    public static IServiceCollection AddMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MonitoringOptions>().Bind(configuration.GetSection(MonitoringOptions.Section))
            .Validate(o => o.Webhook.Url is null || (o.Webhook.Url.IsAbsoluteUri && o.Webhook.Url.Scheme is "http" or "https"),
                "Monitoring:Webhook:Url must be an absolute http(s) URL.")
            .Validate(o => o.Webhook.Url is null || o.Webhook.Secret is { Length: >= 16 },
                "Monitoring:Webhook:Secret is required (16 characters or more) when Monitoring:Webhook:Url is set; receivers check the signature with it.")
            .Validate(o => o.Webhook.MaxAttempts >= 1 && o.Webhook.PollInterval > TimeSpan.Zero && o.Webhook.RetryDelay > TimeSpan.Zero,
                "Monitoring:Webhook:MaxAttempts must be at least 1, and PollInterval and RetryDelay positive.")
            .ValidateOnStart();
        services.AddHttpClient(WebhookWorker.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<WebhookWorker>();
        services.AddPageSection<Components.ModelMonitoring>(PageSlot.ModelMain, order: 10, testId: "model-monitoring");
        services.AddHostedService(sp => sp.GetRequiredService<WebhookWorker>());
        return services.AddSingleton<AlertRules>().AddSingleton<WebhookEvents>().AddSingleton<RaiseAlerts>()
            .AddSingleton<AlertQueries>().AddSingleton<ActOnAlert>().AddSingleton<DeploymentFigures>().AddSingleton<ModelWebhooks>();
    }
}
