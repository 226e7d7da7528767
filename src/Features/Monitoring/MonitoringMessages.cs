using System.Resources;
using System.Runtime.CompilerServices;
using ModelOpsPortal.Infrastructure;

namespace ModelOpsPortal.Features.Monitoring;

/// <summary>Messages about rules, alerts and deployment figures, in the current UI culture (MonitoringMessages.resx, .ko.resx).</summary>
public static class MonitoringMessages
{
    private static readonly ResourceManager Resources = new(typeof(MonitoringMessages));

    public static string CommentRequired => Get();
    public static string CommentTooLong => Get();
    public static string AlreadyResolved => Get();
    public static string AlreadyAcknowledged => Get();
    public static string UnknownMetric => Get();
    public static string BelowLevels => Get();
    public static string AboveLevels => Get();
    public static string RelativeLevels => Get();
    public static string DuplicateRule => Get();
    public static string TooManyRules => Get();
    public static string LevelNotANumber => Get();
    public static string LevelOutOfRange => Get();
    public static string RequestsOutOfRange => Get();
    public static string LatencyOutOfRange => Get();
    public static string PeriodOrder => Get();
    public static string ErrorsExceedRequests => Get();
    public static string NegativeFigure => Get();
    public static string LatencyOrder => Get();
    public static string RulesRequired => Get();
    public static string WebhookUrl => Get();
    public static string WebhookSecret => Get();
    public static string NoModelWebhook => Get();

    public static string Format(string text, params object?[] args) => ResourceText.Format(text, args);

    private static string Get([CallerMemberName] string key = "") => ResourceText.Get(Resources, key);
}
