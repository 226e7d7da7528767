using System.Resources;
using System.Runtime.CompilerServices;
using ModelOpsPortal.Infrastructure;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>Messages about lifecycle requests, in the current UI culture (LifecycleMessages.resx, .ko.resx).</summary>
public static class LifecycleMessages
{
    private static readonly ResourceManager Resources = new(typeof(LifecycleMessages));

    public static string JustificationRequired => Get();
    public static string JustificationTooLong => Get();
    public static string AlreadyRequested => Get();

    public static string Format(string text, params object?[] args) => ResourceText.Format(text, args);

    private static string Get([CallerMemberName] string key = "") => ResourceText.Get(Resources, key);
}
