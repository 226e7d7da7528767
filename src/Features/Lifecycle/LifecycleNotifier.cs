namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>
/// Tells the open circuits of this instance that a request was made or decided, so the inbox badge and snackbars update
/// without a reload. In-process only: on several instances a circuit sees others' changes at its next navigation
/// (README, scale-out).
/// </summary>
public sealed class LifecycleNotifier
{
    public event Action<RequestView>? Changed;

    public void Publish(RequestView request) => Changed?.Invoke(request);
}
