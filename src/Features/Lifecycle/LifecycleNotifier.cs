using ModelOpsPortal.Infrastructure.ScaleOut;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>
/// Tells the open circuits that a request was made or decided, so the inbox badge and snackbars update without a
/// reload: those of this instance at once, and those of other instances through the <see cref="InstanceBus"/> when
/// <c>ScaleOut:Redis</c> is set (otherwise they see the change at their next navigation).
/// </summary>
public sealed class LifecycleNotifier
{
    private const string Topic = "lifecycle.request-changed";

    private readonly InstanceBus bus;

    public LifecycleNotifier(InstanceBus bus)
    {
        this.bus = bus;
        bus.Subscribe<RequestView>(Topic, request => Changed?.Invoke(request));
    }

    public event Action<RequestView>? Changed;

    public void Publish(RequestView request) => bus.Publish(Topic, request);
}
