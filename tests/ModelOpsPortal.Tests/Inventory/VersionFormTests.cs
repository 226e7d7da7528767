using Bunit;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Features.Inventory.Components;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Inventory;

public sealed class VersionFormTests : PortalComponentTest
{
    private IRenderedComponent<VersionForm> RenderForm(VersionInput input, Action<VersionInput> onSave) =>
        RenderWithProviders<VersionForm>(p => p.Add(f => f.Input, input).Add(f => f.OnSave, i =>
        {
            onSave(i);
            return Task.FromResult<IReadOnlyDictionary<string, string[]>?>(null);
        }));

    [Fact]
    public void Invalid_hyperparameter_json_is_refused_with_its_line_and_column()
    {
        var saved = false;
        var form = RenderForm(Inputs.Version(), _ => saved = true);

        form.Find("textarea").Change("{\n  \"max_depth\": 6,\n  \"eta\" 0.1\n}");
        form.Find("form").Submit();

        Assert.False(saved);
        Assert.Contains("not valid JSON at line 3, column", form.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_hashes_and_duplicate_features_are_explained()
    {
        var input = Inputs.Version();
        input.ArtifactSha256 = "abc";
        input.Features.Add(new FeatureInput { Name = "income", Type = ModelOpsPortal.Domain.FeatureType.Numeric });
        var saved = false;
        var form = RenderForm(input, _ => saved = true);

        form.Find("form").Submit();

        Assert.False(saved);
        Assert.Contains("exactly 64 hexadecimal characters", form.Markup, StringComparison.Ordinal);
        Assert.Contains("Feature 'income' is listed 2 times", form.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_version_is_saved_with_its_hyperparameters_as_an_object()
    {
        VersionInput? saved = null;
        var form = RenderForm(Inputs.Version(), i => saved = i);

        form.Find("textarea").Change("{\"max_depth\": 6}");
        form.Find("form").Submit();

        Assert.NotNull(saved);
        Assert.Equal(6, (int?)saved.Hyperparameters!["max_depth"]);
    }
}
