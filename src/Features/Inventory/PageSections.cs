using Microsoft.AspNetCore.Components;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>Where on the model page or the version page another feature draws a section.</summary>
public enum PageSlot
{
    /// <summary>The model page's right-hand column, under "In production".</summary>
    ModelSide,

    /// <summary>The model page's full-width sections, above the version table.</summary>
    ModelMain,

    /// <summary>The version page's header, beside its title (links).</summary>
    VersionHeader,

    /// <summary>The version page's first full-width section, above the artifact.</summary>
    VersionTop,

    /// <summary>The version page's last full-width sections, below the deployments.</summary>
    VersionBottom,
}

/// <summary>
/// A section of the model or version page that another feature draws (monitoring, evaluations, lifecycle, lineage).
/// The pages belong to the inventory and know none of those features: each feature registers its sections in its
/// <c>AddX</c> with <see cref="PageSections.AddPageSection{T}"/>, and the page renders them in order with
/// <c>DynamicComponent</c>, inside a <see cref="ModelPageContext"/> or <see cref="VersionPageContext"/> cascade.
/// </summary>
/// <param name="TestId">The <c>data-testid</c> of the section's frame (none for header links).</param>
public sealed record PageSection(PageSlot Slot, int Order, Type Component, string? TestId = null, string? Anchor = null);

/// <summary>What a model page section is drawn for, cascaded by the page. A new instance after every reload.</summary>
/// <param name="Changed">Tells the page that the section changed something: the page reloads the model and every section gets the new context.</param>
public sealed record ModelPageContext(ModelDetails Model, EventCallback Changed);

/// <summary>What a version page section is drawn for, cascaded by the page. A new instance after every reload.</summary>
public sealed record VersionPageContext(VersionDetails Version, EventCallback Changed);

public static class PageSections
{
    public static IServiceCollection AddPageSection<TComponent>(this IServiceCollection services, PageSlot slot, int order, string? testId = null, string? anchor = null)
        where TComponent : IComponent =>
        services.AddSingleton(new PageSection(slot, order, typeof(TComponent), testId, anchor));

    public static IEnumerable<PageSection> In(this IEnumerable<PageSection> sections, PageSlot slot) =>
        sections.Where(s => s.Slot == slot).OrderBy(s => s.Order);
}
